using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Cli.Runs.OverMqtt;

/// <summary>
/// <c>--cluster</c> against a broker with no silo behind it: nothing answers, so every published sequence is published once
/// more after <c>--result-timeout</c> and then ends as <c>no_result</c>, and the report still reconciles; a control message sent to the
/// run's camera is applied to its stream through the edge agent's control handler, as a silo's would be.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ClusterWithoutSiloTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-cli-nosilo-");
    private InProcessBroker? _broker;

    private InProcessBroker Broker => _broker!;

    public async ValueTask InitializeAsync() => _broker = await InProcessBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task ASequenceWithoutAnOutcomeIsRepublishedOnceThenCountedAsNoResultAndTheReportReconciles()
    {
        const string camera = "cli-unanswered";
        var report = Path.Combine(_folder.FullName, "report.json");
        var cancellation = TestContext.Current.CancellationToken;
        using var watcher = await Broker.ConnectAsync(cancellationToken: cancellation);
        var copies = new ConcurrentDictionary<long, int>();
        watcher.ApplicationMessageReceivedAsync += e =>
        {
            var sequence = SequenceCodec.TryDecode(e.ApplicationMessage.Payload.ToArray());
            copies.AddOrUpdate(sequence.IsSuccess ? sequence.Value!.SequenceNumber : -1, 1, (_, n) => n + 1); // -1: did not decode
            return Task.CompletedTask;
        };
        await watcher.SubscribeAsync(MqttTopics.Build("local", camera, TopicKind.Sequences), MqttQualityOfServiceLevel.AtLeastOnce, cancellation);

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--broker", $"127.0.0.1:{Broker.Port}", "--camera", camera,
            "--source", "synthetic", "--max-frames", "24", "--result-timeout", "0.5", "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        // Nothing answers: each sequence went out twice under its own number (the republish), then counted as no_result.
        Assert.Equal(new Dictionary<long, int> { [0] = 2, [1] = 2, [2] = 2 }, copies.OrderBy(p => p.Key).ToDictionary());
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal(3, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
        Assert.Equal(0, json.GetProperty("sequences").GetProperty("completed").GetInt64());
        Assert.Equal(3, ClusterRunTests.Dropped(json, DropReason.NoResult));
        Assert.Equal(24, json.GetProperty("frames").GetProperty("dropped").GetProperty("no_result").GetInt64());
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        var cluster = json.GetProperty("cluster");
        Assert.Equal(3, cluster.GetProperty("published").GetInt64());
        Assert.Equal(3, cluster.GetProperty("republished").GetInt64());
        Assert.Equal(3, cluster.GetProperty("noResult").GetInt64());
        Assert.Equal(0, cluster.GetProperty("siloDroppedTotal").GetInt64());
        Assert.True(cluster.GetProperty("reconciled").GetBoolean(), output);
        Assert.Contains("3 sequences got neither a result nor a drop notice within 0.5 s", error);
    }

    [Fact]
    public async Task SequencesTheBrokerRefusesAreCountedAsInvalidNotAwaited()
    {
        var report = Path.Combine(_folder.FullName, "refused.json");
        await using var strict = await InProcessBroker.StartAsync(settings: new Dictionary<string, string?> { ["Broker:MaxMessageBytes"] = "1024" },
            cancellationToken: TestContext.Current.CancellationToken);

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--broker", $"127.0.0.1:{strict.Port}", "--camera", "cli-refused",
            "--source", "synthetic", "--max-frames", "16", "--result-timeout", "30", "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal(2, ClusterRunTests.Dropped(json, DropReason.Invalid));
        Assert.Equal(0, ClusterRunTests.Dropped(json, DropReason.NoResult));
        Assert.Equal(0, json.GetProperty("cluster").GetProperty("published").GetInt64());
        Assert.Equal(2, json.GetProperty("cluster").GetProperty("publisherDropped").GetProperty("invalid").GetInt64());
        Assert.True(json.GetProperty("cluster").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("durationSeconds").GetDouble() < 30, "refused sequences must not wait for --result-timeout");
    }

    [Fact]
    public async Task AControlMessageForTheRunsCameraChangesItsFrameSkipAndIsReported()
    {
        const string camera = "cli-controlled";
        var report = Path.Combine(_folder.FullName, "controlled.json");
        var cancellation = TestContext.Current.CancellationToken;
        using var client = await Broker.ConnectAsync(cancellationToken: cancellation);
        var online = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (Encoding.UTF8.GetString(e.ApplicationMessage.Payload).Contains("\"online\"", StringComparison.Ordinal))
            {
                online.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await client.SubscribeAsync(MqttTopics.Build("local", camera, TopicKind.Status), cancellationToken: cancellation);

        var run = BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--broker", $"127.0.0.1:{Broker.Port}", "--camera", camera,
            "--source", "synthetic", "--max-frames", "90", "--result-timeout", "0.5", "--output", report, "--quiet");
        await online.Task.WaitAsync(Patience, cancellation);
        var control = JsonMessageCodec.Encode(new ControlMessage("local", camera, "test asks for frame skip", DateTimeOffset.UtcNow, FrameSkip: 2));
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(MqttTopics.Build("local", camera, TopicKind.Control)).WithPayload(control)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellation);
        var (exit, output, error) = await run.WaitAsync(Patience, cancellation);

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal(1, json.GetProperty("cluster").GetProperty("controlApplied").GetInt64());
        var change = Assert.Single(json.GetProperty("adaptiveChanges").EnumerateArray());
        Assert.Equal(2, change.GetProperty("frameSkip").GetInt32());
        Assert.Contains("test asks for frame skip", change.GetProperty("reason").GetString());
        Assert.True(json.GetProperty("frames").GetProperty("dropped").GetProperty("frame_skip").GetInt64() > 0, output);
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
    }
}
