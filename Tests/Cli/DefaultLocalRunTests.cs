using System.Globalization;
using System.Text.Json;
using EdgeVision.Cli;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Sources;
using EdgeVision.EdgeAgent;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Silo;
using EdgeVision.Silo.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// The local system's defaults agree with each other: the edge's default source (<c>EdgeAgent/appsettings.json</c>) plays the
/// synthetic scene the way the silo's default model (<c>Silo:Cameras:DefaultModel</c>, its checkpoint as the silo's model
/// catalog finds it) was trained, so the labels a local run shows are the scene's. Both are read from the configuration
/// the hosts read, never copied here: a change to either default that breaks the agreement fails these tests.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DefaultLocalRunTests : IDisposable
{
    private const double RequiredTop1 = 0.90;
    private const int Frames = 240;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-default-run-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void TheDefaultSourcePlaysActionsAtThePaceTheDefaultModelWasTrainedOn()
    {
        var local = LocalDefaults.Read();
        var source = FrameSourceSpec.Parse(local.Edge.Source);
        var loaded = Checkpoint.Load(local.Checkpoint);
        loaded.Model.Dispose();

        Assert.Equal(FrameSourceKind.Synthetic, source.Kind);
        var trained = loaded.Metadata.TrainedFramesPerAction(loaded.Model.Config);
        Assert.True(trained is not null, $"{local.Checkpoint} does not say how many frames per action it was trained on.");
        Assert.Equal(trained, SyntheticSourceSettings.Parse(source.Target).FramesPerAction);
        Assert.Equal(loaded.Model.Config.SequenceLength, local.Video.SequenceLength);
    }

    [Fact]
    public async Task TheDefaultSourceAndModelRunThroughTheCliAgreeWithTheScenesGroundTruth()
    {
        var local = LocalDefaults.Read();
        // The CLI runs frames as the edge does, but has no frame-skip or stride option: say so rather than test something else.
        Assert.True(local.Video.FrameSkip == 0 && local.Video.EffectiveStride == local.Video.SequenceLength,
            $"EdgeAgent/appsettings.json sets Edge:Video:FrameSkip {local.Video.FrameSkip} and Edge:Video:Stride {local.Video.Stride}; this test runs the CLI, which keeps every frame and does not overlap sequences.");
        var report = Path.Combine(_folder.FullName, "report.json");
        var log = Path.Combine(_folder.FullName, "live.jsonl");
        List<string> args =
        [
            "live", "--source", local.Edge.Source, "--model", local.Cameras.DefaultModel, "--weights", local.Checkpoint,
            "--width", Invariant(local.Video.TargetWidth), "--height", Invariant(local.Video.TargetHeight),
            "--sequence-length", Invariant(local.Video.SequenceLength), "--max-frames", Invariant(Frames),
            // The scene and the model are under test, not this machine's speed: nothing is degraded or stale for load.
            "--no-frame-skipping", "--no-adaptive-resolution", "--target-latency", "5000", "--max-latency", "10000",
            "--output-file", log, "--report-file", report, "--quiet",
        ];
        if (local.Video.Fps is { } fps)
        {
            args.AddRange(["--fps", Invariant(fps)]);
        }

        var (exit, output, error) = await BenchmarkTestKit.RunAsync([.. args]);

        Assert.True(exit == 0, output + error);
        var accuracy = BenchmarkTestKit.ReadJson(report).GetProperty("accuracy");
        var judged = accuracy.GetProperty("sequences").GetInt64();
        var top1 = accuracy.GetProperty("top1").GetDouble();
        Assert.True(judged >= (Frames / local.Video.SequenceLength) - 2, $"only {judged} sequences were judged\n{output}{error}");
        Assert.True(top1 >= RequiredTop1,
            $"{local.Cameras.DefaultModel} on '{local.Edge.Source}': top-1 {top1:P1} over {judged} sequences, below {RequiredTop1:P0}\n{output}{error}");
        var lines = (await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.All(lines, line => Assert.False(string.IsNullOrEmpty(line.GetProperty("trueLabel").GetString())));
        Assert.DoesNotContain("frames per action", error);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>The edge's and the silo's default configuration, bound the way the hosts bind it.</summary>
    private sealed record LocalDefaults(EdgeAgentOptions Edge, VideoConfig Video, CameraGrainOptions Cameras, string Checkpoint)
    {
        public static LocalDefaults Read()
        {
            var root = BenchmarkTestKit.RepositoryRoot();
            var edge = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "EdgeAgent", "appsettings.json"), optional: false).Build();
            var silo = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "Silo", "appsettings.json"), optional: true).Build();
            var cameras = Bind<CameraGrainOptions>(silo, CameraGrainOptions.SectionName);
            var catalog = Bind<ModelCatalogOptions>(silo, SiloConfiguration.ModelCatalog);
            // As the catalog resolves a key: an explicit checkpoint, else NAME.ckpt in its folder (the shipped models by default).
            var checkpoint = catalog.Checkpoints.TryGetValue(cameras.DefaultModel, out var path)
                ? Path.Combine(root, "Silo", path)
                : Path.Combine(catalog.Directory is { } folder ? Path.Combine(root, "Silo", folder) : ShippedModels.Directory, $"{cameras.DefaultModel}.ckpt");
            return new LocalDefaults(Bind<EdgeAgentOptions>(edge, EdgeAgentOptions.SectionName), Bind<VideoConfig>(edge, EdgeAgentOptions.VideoSectionName),
                cameras, checkpoint);
        }

        private static T Bind<T>(IConfiguration configuration, string section)
            where T : class, new()
        {
            var options = new T();
            ValidatedOptionsExtensions.BindSection(configuration.GetSection(section), options);
            return options;
        }
    }
}
