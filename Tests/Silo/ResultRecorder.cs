using System.Buffers;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// Subscribes to every camera's results (and control, latency and drops) topic and decodes what arrives with the wire decoder, so a result
/// the silo publishes in a shape subscribers cannot read fails the test. Waits are signals with a timeout.
/// </summary>
internal sealed class ResultRecorder : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly List<InferenceResult> _results = [];
    private readonly List<ControlMessage> _controls = [];
    private readonly List<LatencyReport> _reports = [];
    private readonly List<DropNotice> _drops = [];
    private readonly List<(Func<IReadOnlyList<DropNotice>, bool> Done, TaskCompletionSource Signal)> _dropWaiters = [];
    private readonly List<(Func<LatencyReport, bool> Match, TaskCompletionSource Signal)> _reportWaiters = [];
    private readonly List<string> _undecodable = [];
    private readonly List<(Func<IReadOnlyList<InferenceResult>, bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private readonly IMqttClient _client;

    private ResultRecorder(IMqttClient client)
    {
        _client = client;
        client.ApplicationMessageReceivedAsync += OnReceivedAsync;
    }

    public IReadOnlyList<InferenceResult> Results
    {
        get
        {
            lock (_gate)
            {
                return [.. _results];
            }
        }
    }

    public IReadOnlyList<ControlMessage> Controls
    {
        get
        {
            lock (_gate)
            {
                return [.. _controls];
            }
        }
    }

    /// <summary>Latency reports (retained ones included) in arrival order.</summary>
    public IReadOnlyList<LatencyReport> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>Drop notices in arrival order.</summary>
    public IReadOnlyList<DropNotice> Drops
    {
        get
        {
            lock (_gate)
            {
                return [.. _drops];
            }
        }
    }

    public IReadOnlyList<string> Undecodable
    {
        get
        {
            lock (_gate)
            {
                return [.. _undecodable];
            }
        }
    }

    public static async Task<ResultRecorder> StartAsync(Fixtures.InProcessBroker broker, CancellationToken cancellationToken) =>
        await StartAsync(await broker.ConnectAsync(cancellationToken: cancellationToken), cancellationToken);

    /// <summary>Records what <paramref name="client"/> (connected to any broker; the recorder owns it) receives.</summary>
    public static async Task<ResultRecorder> StartAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var recorder = new ResultRecorder(client);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(MqttTopics.Filter(TopicKind.Results), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(MqttTopics.Filter(TopicKind.Control), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(MqttTopics.Filter(TopicKind.Latency), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(MqttTopics.Filter(TopicKind.Drops), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);
        return recorder;
    }

    /// <summary>Results of <paramref name="camera"/> (the camera id, not the key).</summary>
    public IReadOnlyList<InferenceResult> For(string site, string camera) => [.. Results.Where(r => r.Site == site && r.Camera == camera)];

    /// <summary>Completes when <paramref name="done"/> holds for the results received so far.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<InferenceResult>, bool> done, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (done(_results))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((done, signal));
            return signal.Task.WaitAsync(Timeout, cancellationToken);
        }
    }

    /// <summary>Completes when <paramref name="done"/> holds for the drop notices received so far.</summary>
    public Task WaitUntilDropsAsync(Func<IReadOnlyList<DropNotice>, bool> done, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (done(_drops))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _dropWaiters.Add((done, signal));
            return signal.Task.WaitAsync(Timeout, cancellationToken);
        }
    }

    /// <summary>Completes when a latency report matching <paramref name="match"/> has arrived.</summary>
    public Task WaitForReportAsync(Func<LatencyReport, bool> match, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_reports.Any(match))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _reportWaiters.Add((match, signal));
            return signal.Task.WaitAsync(Timeout, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var payload = e.ApplicationMessage.Payload.ToArray();
        lock (_gate)
        {
            if (MqttTopics.TryParse(e.ApplicationMessage.Topic, out var latency) && latency.Kind == TopicKind.Latency)
            {
                var report = JsonMessageCodec.TryDecodeLatencyReport(payload);
                if (report.IsSuccess)
                {
                    _reports.Add(report.Value);
                    foreach (var waiter in _reportWaiters.Where(w => w.Match(report.Value)).ToList())
                    {
                        _reportWaiters.Remove(waiter);
                        waiter.Signal.TrySetResult();
                    }
                }
                else
                {
                    _undecodable.Add($"{e.ApplicationMessage.Topic}: {report.Failure}");
                }

                return Task.CompletedTask;
            }

            if (MqttTopics.TryParse(e.ApplicationMessage.Topic, out var drops) && drops.Kind == TopicKind.Drops)
            {
                var notice = JsonMessageCodec.TryDecodeDropNotice(payload);
                if (notice.IsSuccess)
                {
                    _drops.Add(notice.Value);
                    foreach (var waiter in _dropWaiters.Where(w => w.Done(_drops)).ToList())
                    {
                        _dropWaiters.Remove(waiter);
                        waiter.Signal.TrySetResult();
                    }
                }
                else
                {
                    _undecodable.Add($"{e.ApplicationMessage.Topic}: {notice.Failure}");
                }

                return Task.CompletedTask;
            }

            if (MqttTopics.TryParse(e.ApplicationMessage.Topic, out var topic) && topic.Kind == TopicKind.Control)
            {
                var control = JsonMessageCodec.TryDecodeControlMessage(payload);
                if (control.IsSuccess)
                {
                    _controls.Add(control.Value);
                }
                else
                {
                    _undecodable.Add($"{e.ApplicationMessage.Topic}: {control.Failure}");
                }

                return Task.CompletedTask;
            }

            var decoded = JsonMessageCodec.TryDecodeInferenceResult(payload);
            if (!decoded.IsSuccess)
            {
                _undecodable.Add($"{e.ApplicationMessage.Topic}: {decoded.Failure}");
                return Task.CompletedTask;
            }

            _results.Add(decoded.Value);
            foreach (var waiter in _waiters.Where(w => w.Done(_results)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }
}
