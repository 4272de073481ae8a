using System.Text;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// Publishes malformed messages on every topic kind of a real camera (and on a silo status topic and topics of no kind):
/// empty, random bytes, invalid UTF-8, JSON of the wrong shape or nesting, and sequences cut short or addressed to another
/// camera (made from a real one, renumbered so that they can be no real sequence's). Every one must be rejected and
/// counted where it arrives; none may become an outcome.
/// </summary>
internal static class GarbagePublisher
{
    /// <summary>Publishes the set once; the count by <c>topic kind/payload kind</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> PublishAsync(int brokerPort, string camera, FrameSequence? sample, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("soak-garbage-" + Guid.NewGuid().ToString("N")[..8]).Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 1024 * 1024;
        await client.ConnectAsync(options, cancellationToken);
        var random = new Random(20261203);
        foreach (var kind in Enum.GetValues<TopicKind>())
        {
            var topic = MqttTopics.Build(SoakOptions.Site, camera, kind);
            foreach (var (name, payload) in Payloads(random))
            {
                await PublishAsync(client, topic, payload, $"{Segment(kind)}/{name}", counts, cancellationToken);
            }
        }

        if (sample is not null)
        {
            var renumbered = SequenceCodec.Encode(sample with { SequenceNumber = 9_000_000_000 + random.Next(1_000_000) });
            var sequences = MqttTopics.Build(SoakOptions.Site, camera, TopicKind.Sequences);
            await PublishAsync(client, sequences, renumbered[..(renumbered.Length / 2)], "sequences/truncated", counts, cancellationToken);
            await PublishAsync(client, sequences, renumbered[..^1], "sequences/last-byte-missing", counts, cancellationToken);
            await PublishAsync(client, MqttTopics.Build(SoakOptions.Site, "ghost", TopicKind.Sequences), renumbered, "sequences/other-camera", counts, cancellationToken);
        }

        var oversized = new byte[2 * 1024 * 1024];
        random.NextBytes(oversized);
        await PublishAsync(client, MqttTopics.Build(SoakOptions.Site, camera, TopicKind.Sequences), oversized, "sequences/2mb-random", counts, cancellationToken);
        foreach (var (name, payload) in Payloads(random))
        {
            await PublishAsync(client, MqttTopics.SiloStatus("ghost"), payload, $"silo-status/{name}", counts, cancellationToken);
            await PublishAsync(client, $"edgevision/{SoakOptions.Site}/{camera}/nonsense", payload, $"unknown-kind/{name}", counts, cancellationToken);
            await PublishAsync(client, $"edgevision/{SoakOptions.Site}", payload, $"short-topic/{name}", counts, cancellationToken);
        }

        await client.DisconnectAsync(cancellationToken: cancellationToken);
        return counts;
    }

    private static IEnumerable<(string Name, byte[] Payload)> Payloads(Random random)
    {
        yield return ("empty", []);
        yield return ("one-byte", [0x08]);
        var noise = new byte[1024];
        random.NextBytes(noise);
        yield return ("random-1k", noise);
        var large = new byte[64 * 1024];
        random.NextBytes(large);
        yield return ("random-64k", large);
        yield return ("invalid-utf8", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x28, 0x7d]);
        yield return ("json-empty-object", Encoding.UTF8.GetBytes("{}"));
        yield return ("json-array", Encoding.UTF8.GetBytes("[1,2,3]"));
        yield return ("json-null", Encoding.UTF8.GetBytes("null"));
        yield return ("json-wrong-types", Encoding.UTF8.GetBytes("""{"site":1,"camera":[],"sequenceNumber":"x","reason":{},"width":"wide","targetFps":"fast"}"""));
        yield return ("json-deep", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("json-truncated", Encoding.UTF8.GetBytes("""{"site":"soak","camera":"c0","sequenceNumber":12"""));
    }

    private static async Task PublishAsync(IMqttClient client, string topic, byte[] payload, string kind, SortedDictionary<string, int> counts, CancellationToken cancellationToken)
    {
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        counts[kind] = counts.GetValueOrDefault(kind) + 1;
    }

    private static string Segment(TopicKind kind) => MqttTopics.Segment(kind);
}
