using System.Buffers;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// The soak's own MQTT subscriber (a kept session, QoS 1, so that a broker restart loses it nothing the broker kept): every
/// sequence the edges published, every result and every drop notice, matched to one another by camera, edge process,
/// sequence number and first frame.
/// </summary>
internal sealed class WireObserver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Camera, int Incarnation, long Sequence, long FirstFrame), SequenceRecord> _sequences = [];
    private readonly List<ObservedResult> _results = [];
    private readonly Dictionary<string, long> _undecodable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SoakEdge> _edges;
    private readonly TimeProvider _time;
    private readonly MqttConnectionKeeper _keeper;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;
    private long _orphanOutcomes;
    private long _copies;
    private FrameSequence? _sample;

    public WireObserver(int brokerPort, IEnumerable<SoakEdge> edges, TimeProvider time)
    {
        _edges = edges.ToDictionary(e => e.Camera, StringComparer.Ordinal);
        _time = time;
        var options = new MqttConnectionOptions { Host = "127.0.0.1", Port = brokerPort, ReconnectMinDelaySeconds = 0.1, ReconnectMaxDelaySeconds = 1 };
        _keeper = new MqttConnectionKeeper(new MqttClientOptionsFactory(options), "soak-observer-" + Guid.NewGuid().ToString("N")[..8], time, NullLogger.Instance)
        {
            ConfigureSession = session => session.WithCleanStart(false).WithSessionExpiryInterval(3600),
            OnConnectedAsync = static (client, _, cancellationToken) => client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(MqttTopics.Filter(TopicKind.Sequences, SoakOptions.Site), MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(MqttTopics.Filter(TopicKind.Results, SoakOptions.Site), MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(MqttTopics.Filter(TopicKind.Drops, SoakOptions.Site), MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), cancellationToken),
        };
        _keeper.Client.ApplicationMessageReceivedAsync += OnReceivedAsync;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _running = _keeper.RunAsync(_stopping.Token);
        await _keeper.WhenReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    public IReadOnlyList<SequenceRecord> Sequences()
    {
        lock (_gate)
        {
            return [.. _sequences.Values];
        }
    }

    public IReadOnlyList<ObservedResult> Results()
    {
        lock (_gate)
        {
            return [.. _results];
        }
    }

    /// <summary>Messages on the sequences, results or drops topics that did not decode (the soak's garbage among them), by topic kind.</summary>
    public IReadOnlyDictionary<string, long> Undecodable()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_undecodable, StringComparer.Ordinal);
        }
    }

    /// <summary>The latest sequence an edge published (a model for the garbage built from real ones), once one arrived.</summary>
    public FrameSequence? Sample
    {
        get
        {
            lock (_gate)
            {
                return _sample;
            }
        }
    }

    /// <summary>Results and drop notices for a sequence this subscriber never saw published.</summary>
    public long OrphanOutcomes => Interlocked.Read(ref _orphanOutcomes);

    /// <summary>Second deliveries of a result or notice already seen (the same message sent again), not second outcomes.</summary>
    public long Copies => Interlocked.Read(ref _copies);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }

        await _keeper.DisconnectAsync(null, CancellationToken.None);
        _keeper.Dispose();
        _stopping.Dispose();
    }

    private Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var now = _time.GetUtcNow();
        if (!MqttTopics.TryParse(e.ApplicationMessage.Topic, out var topic) || !_edges.TryGetValue(topic.Camera, out var edge))
        {
            return Task.CompletedTask;
        }

        var payload = e.ApplicationMessage.Payload.ToArray();
        lock (_gate)
        {
            switch (topic.Kind)
            {
                case TopicKind.Sequences:
                    OnSequence(edge, payload, now);
                    break;
                case TopicKind.Results:
                    OnResult(edge, payload, now);
                    break;
                case TopicKind.Drops:
                    OnDrop(edge, payload, now);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    private void OnSequence(SoakEdge edge, byte[] payload, DateTimeOffset now)
    {
        if (SequenceCodec.TryDecode(payload) is not { IsSuccess: true, Value: { } sequence } || sequence.CameraId != edge.Camera)
        {
            Undecodable("sequences");
            return;
        }

        _sample = sequence;
        var capture = sequence.CaptureTime(0);
        var key = (edge.Camera, edge.IncarnationAt(capture), sequence.SequenceNumber, sequence.FrameIndices[0]);
        _sequences.TryAdd(key, new SequenceRecord(key.Camera, key.Item2, key.SequenceNumber, key.Item4, capture, now));
    }

    private void OnResult(SoakEdge edge, byte[] payload, DateTimeOffset now)
    {
        if (JsonMessageCodec.TryDecodeInferenceResult(payload) is not { IsSuccess: true, Value: { } result })
        {
            Undecodable("results");
            return;
        }

        var key = (edge.Camera, edge.IncarnationAt(result.FirstCaptureTime), result.SequenceNumber, result.FirstFrameIndex);
        if (!_sequences.TryGetValue(key, out var record))
        {
            _orphanOutcomes++;
        }
        else if (!record.AddResult(result.CompletedAt, now))
        {
            _copies++;
            return;
        }

        _results.Add(new ObservedResult(edge.Camera, now, result.FirstCaptureTime, result.AdaptiveState, result.InferenceLatencyMs));
    }

    private void OnDrop(SoakEdge edge, byte[] payload, DateTimeOffset now)
    {
        if (JsonMessageCodec.TryDecodeDropNotice(payload) is not { IsSuccess: true, Value: { } notice })
        {
            Undecodable("drops");
            return;
        }

        // A notice names no capture time: of the camera's processes that published this number and first frame, the one still
        // waiting for an outcome (numbers restart with each process, so an older one's are minutes older), else the latest.
        var candidates = _sequences.Values
            .Where(r => r.Camera == edge.Camera && r.SequenceNumber == notice.SequenceNumber && r.FirstFrameIndex == notice.FirstFrameIndex)
            .OrderByDescending(r => r.Incarnation)
            .ToList();
        if ((candidates.FirstOrDefault(r => r.Outcomes == 0) ?? candidates.FirstOrDefault()) is { } record)
        {
            if (!record.AddDrop(notice.Reason, notice.Silo, notice.DroppedAt, now))
            {
                _copies++;
            }
        }
        else
        {
            _orphanOutcomes++;
        }
    }

    private void Undecodable(string kind) => _undecodable[kind] = _undecodable.GetValueOrDefault(kind) + 1;
}
