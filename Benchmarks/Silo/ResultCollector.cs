using System.Buffers;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Subscribes to every camera's results topic of one site, as a user would, decodes each JSON result with the wire decoder
/// and stamps it on arrival: latency is arrival minus the capture time of the sequence's last frame (capture to result in
/// the subscriber's hands, MQTT delivery included).
/// </summary>
internal sealed class ResultCollector : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Arrival> _arrivals = [];
    private readonly IMqttClient _client;
    private long _undecodable;

    private ResultCollector(IMqttClient client)
    {
        _client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            var at = TimeProvider.System.GetUtcNow();
            var payload = e.ApplicationMessage.Payload;
            var decoded = JsonMessageCodec.TryDecodeInferenceResult(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
            lock (_gate)
            {
                if (decoded.IsSuccess)
                {
                    _arrivals.Add(new Arrival(at, decoded.Value, (at - decoded.Value.LastCaptureTime).TotalMilliseconds));
                }
                else
                {
                    _undecodable++;
                }
            }

            return Task.CompletedTask;
        };
    }

    public long Undecodable => Interlocked.Read(ref _undecodable);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count;
            }
        }
    }

    public static async Task<ResultCollector> StartAsync(int port, string site, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var collector = new ResultCollector(client);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"bench-results-{Guid.NewGuid():N}"[..28]).Build();
        await client.ConnectAsync(options, cancellationToken);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(MqttTopics.Filter(TopicKind.Results, site), MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        return collector;
    }

    /// <summary>Results that arrived in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public IReadOnlyList<Arrival> Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return [.. _arrivals.Where(a => a.At >= from && a.At < to)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }

    public sealed record Arrival(DateTimeOffset At, InferenceResult Result, double LatencyMs);
}
