using System.Buffers;
using EdgeVision.Contracts.Wire;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>
/// An MQTT 5 subscriber that records what arrives and lets a test await a condition over everything received so far
/// (a signal, never a sleep). With a persistent session the broker keeps its messages while it is away.
/// </summary>
internal sealed class TopicRecorder : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Received> _received = [];
    private readonly List<(Func<IReadOnlyList<Received>, bool> Condition, TaskCompletionSource Signal)> _waiters = [];
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string[] _filters;

    private TopicRecorder(int port, string[] filters, bool persistentSession)
    {
        _filters = filters;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"recorder-{Guid.NewGuid():N}")
            .WithTimeout(TimeSpan.FromSeconds(10));
        builder = persistentSession ? builder.WithCleanStart(false).WithSessionExpiryInterval(600) : builder.WithCleanStart();
        _options = builder.Build();
        ((MqttClientTcpOptions)_options.ChannelOptions).BufferSize = 1024 * 1024;
        _client.ApplicationMessageReceivedAsync += OnReceivedAsync;
    }

    public IReadOnlyList<Received> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<TopicRecorder> StartAsync(int port, bool persistentSession = false, params string[] filters)
    {
        var recorder = new TopicRecorder(port, filters, persistentSession);
        await recorder.ConnectAsync();
        return recorder;
    }

    /// <summary>Connects (again, after a broker restart) and subscribes.</summary>
    public async Task ConnectAsync()
    {
        await _client.ConnectAsync(_options, TestContext.Current.CancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _filters)
        {
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(subscribe.Build(), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Completes when <paramref name="condition"/> holds over the messages received so far; fails after
    /// <paramref name="patience"/> (<see cref="EdgeTestKit.Patience"/> by default).
    /// </summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<Received>, bool> condition, TimeSpan? patience = null)
    {
        lock (_gate)
        {
            if (condition(_received))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, signal));
            return signal.Task.WaitAsync(patience ?? EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Sequences received on <paramref name="topic"/>, decoded (a payload that does not decode fails the test).</summary>
    public IReadOnlyList<FrameSequence> Sequences(string topic) =>
        [.. All.Where(m => m.Topic == topic).Select(m => Decode(m.Payload))];

    public static FrameSequence Decode(byte[] payload)
    {
        var decoded = SequenceCodec.TryDecode(payload);
        Assert.True(decoded.IsSuccess, decoded.ToString());
        return decoded.Value;
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
        // Copy: the payload buffer belongs to the client once the handler returns.
        var message = new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain);
        lock (_gate)
        {
            _received.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Condition(_received)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }

    internal sealed record Received(string Topic, byte[] Payload, bool Retained);
}
