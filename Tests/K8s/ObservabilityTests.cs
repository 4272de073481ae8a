using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Publishing;
using EdgeVision.Inference.Batching;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Ingestion;
using EdgeVision.Silo.Metrics;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// The monitoring component: its alerting rules pass <c>promtool check rules</c> and their unit tests
/// (<c>promtool test rules</c>), and every metric the rules, the Grafana dashboard and the silo autoscaler read is one
/// the hosts' <c>/metrics</c> really serves.
/// </summary>
public sealed partial class ObservabilityTests
{
    private static readonly TimeSpan PromtoolTimeout = TimeSpan.FromMinutes(2);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static string Monitoring => Path.Combine(Kustomize.K8sRoot, "components", "monitoring");

    [Fact]
    public async Task TheAlertingRulesPassPromtoolsCheck()
    {
        using var folder = await RuleFolder.WriteAsync(_cancellation);

        var result = await Tool.RunAsync(Promtool(), ["check", "rules", RuleFolder.RulesFile], PromtoolTimeout, _cancellation, folder.Path);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("SUCCESS: 7 rules found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAlertingRulesPassTheirUnitTests()
    {
        using var folder = await RuleFolder.WriteAsync(_cancellation);

        var result = await Tool.RunAsync(Promtool(), ["test", "rules", RuleFolder.TestFile], PromtoolTimeout, _cancellation, folder.Path);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task EveryAlertHasAUnitTest()
    {
        var rule = await RuleAsync();
        var tests = await File.ReadAllTextAsync(Path.Combine(Monitoring, "tests", RuleFolder.TestFile), _cancellation);

        Assert.All(rule.Spec.Groups.SelectMany(g => g.Rules).Select(r => r.Alert), alert =>
            Assert.Contains($"alertname: {alert}\n", tests, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryMetricTheRulesTheDashboardAndTheAutoscalerReadIsServedByTheHosts()
    {
        var served = await ServedMetricNamesAsync();
        var rule = await RuleAsync();
        var dashboard = await File.ReadAllTextAsync(Path.Combine(Monitoring, "grafana-dashboard.json"), _cancellation);
        var autoscaler = Assert.Single(RenderedManifests.Load(await File.ReadAllTextAsync(
            Path.Combine(Kustomize.K8sRoot, "components", "autoscaling", "hpa.yaml"), _cancellation)).OfType<V2HorizontalPodAutoscaler>());

        var read = rule.Spec.Groups.SelectMany(g => g.Rules).SelectMany(r => MetricName().Matches(r.Expr).Select(m => m.Value))
            .Concat(MetricName().Matches(dashboard).Select(m => m.Value))
            .Concat(autoscaler.Spec.Metrics.Select(m => m.Pods.Metric.Name))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("edgevision_silo_stalled_cameras", read);
        Assert.Contains("edgevision_inference_queue_depth", read);
        Assert.Empty(read.Where(name => !served.Contains(name)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheGrafanaDashboardQueriesPrometheusThroughItsDataSourceVariable()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Monitoring, "grafana-dashboard.json"), _cancellation));

        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels, panel =>
        {
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()));
        });
        Assert.Contains(dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray(),
            v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");
    }

    private async Task<Crds.PrometheusRule> RuleAsync() =>
        Assert.Single(RenderedManifests.Load(await File.ReadAllTextAsync(Path.Combine(Monitoring, "prometheus-rule.yaml"), _cancellation)).OfType<Crds.PrometheusRule>());

    /// <summary>
    /// The metric names a host's <c>/metrics</c> serves once the silo's, the engine's and the edge's instruments have each
    /// recorded: a real Kestrel host with the service defaults, as every EdgeVision host has.
    /// </summary>
    private async Task<HashSet<string>> ServedMetricNamesAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(_cancellation);

        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var time = new FakeTimeProvider();
        var adaptive = new AdaptiveStateGauges();
        var bounds = new LatencyBoundGauges();
        var silo = new SiloInstruments(meters, adaptive, new CameraStallTracker(Options.Create(new CameraGrainOptions()), time, NullLogger<CameraStallTracker>.Instance), bounds);
        var inference = new InferenceInstruments(meters, () => 3);
        var ingestion = new IngestionInstruments(meters);
        var capture = new CaptureInstruments(meters, "camera-1");
        var publisher = new PublisherInstruments(meters, "camera-1");
        const string camera = "cluster/camera-1";
        adaptive.Set(camera, new AdaptiveState(224, 224, 1, 4, 15));
        bounds.Set(camera, LatencyCause.Overload, acting: true);
        silo.Sequence(camera, SiloInstruments.OutcomeAccepted);
        silo.Rejected("malformed");
        silo.Dropped(camera, DropReason.Stale);
        silo.Result(camera, TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(30));
        silo.Parts(camera, new LatencyBreakdown(10, 5, 1, 2, 3, 30, 1));
        inference.BatchCompleted("conv3d", 4, TimeSpan.FromMilliseconds(30));
        inference.Dropped("conv3d", DropReason.Overload);
        ingestion.Received();
        capture.FrameCaptured();
        capture.FrameDropped(DropReason.FpsLimit);
        capture.SequenceAssembled();
        publisher.SequencePublished(1000, TimeSpan.FromMilliseconds(5));
        publisher.SequenceDropped(DropReason.OfflineQueueFull);

        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        var body = await client.GetStringAsync("/metrics", _cancellation);
        await app.StopAsync(_cancellation);
        return body.Split('\n')
            .Where(line => line.StartsWith("edgevision_", StringComparison.Ordinal))
            .Select(line => MetricName().Match(line).Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string Promtool() =>
        Tool.Find("promtool") ?? throw new FileNotFoundException("promtool is not installed: run scripts/install-prerequisites.sh (Debian package prometheus).");

    [GeneratedRegex(@"edgevision_[a-z0-9_]+")]
    private static partial Regex MetricName();

    /// <summary>
    /// A temporary folder holding the PrometheusRule's <c>spec</c> as a plain Prometheus rule file next to a copy of its
    /// unit tests, which name that file.
    /// </summary>
    private sealed class RuleFolder : IDisposable
    {
        public const string RulesFile = "edgevision-rules.yaml";
        public const string TestFile = "edgevision-rules.test.yaml";

        private RuleFolder(string path) => Path = path;

        public string Path { get; }

        public static async Task<RuleFolder> WriteAsync(CancellationToken cancellationToken)
        {
            var folder = new RuleFolder(Directory.CreateTempSubdirectory("edgevision-rules-").FullName);
            var rule = Assert.Single(RenderedManifests.Load(await File.ReadAllTextAsync(
                System.IO.Path.Combine(Monitoring, "prometheus-rule.yaml"), cancellationToken)).OfType<Crds.PrometheusRule>());
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder.Path, RulesFile), KubernetesYaml.Serialize(rule.Spec), cancellationToken);
            File.Copy(System.IO.Path.Combine(Monitoring, "tests", TestFile), System.IO.Path.Combine(folder.Path, TestFile));
            return folder;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
