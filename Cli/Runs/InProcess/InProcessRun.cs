using EdgeVision.Cli.Live;
using EdgeVision.Cli.Plotting;
using EdgeVision.Cli.Reports;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Streaming;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace EdgeVision.Cli.Runs.InProcess;

/// <summary>
/// One benchmark or live run in this process: source -> <see cref="VideoStream"/> (buffering, fps limit, frame
/// skip, resize, sequences) -> the silo's <see cref="InferenceEngine"/> (dynamic batching under the latency budget)
/// with its <see cref="LatencyController"/> steering batch size, frame skip and resolution. A stop (frame limit,
/// duration, Ctrl+C, SIGTERM) ends the source; everything already captured still runs, so the report reconciles.
/// </summary>
internal static class InProcessRun
{
    public static async Task<RunReport> ExecuteAsync(string command, RunSettings settings, string? labelsPath, IRunObserver observer,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        using var model = ModelResolver.Resolve(settings, ShippedModels.Directory);
        if (labelsPath is not null)
        {
            model.UseLabels(LabelFile.Read(labelsPath, model.Config.NumClasses));
        }

        if (!model.Trained)
        {
            error.WriteLine($"warning: no checkpoint for '{settings.Model}' (pass --weights): serving a freshly initialised model; timings are real, predictions are not.");
        }

        if (ScenePace.Mismatch(settings.Source, model.Kind, model.TrainedFramesPerAction) is { } pace)
        {
            error.WriteLine(pace);
        }

        await using var session = new RunSession(settings, error, cancellationToken);
        var time = session.Time;
        var services = session.Services;
        var catalogFolder = Directory.CreateTempSubdirectory("edgevision-catalog-");
        try
        {
            using var catalog = new ModelCatalog(
                Options.Create(new ModelCatalogOptions { Directory = catalogFolder.FullName, Checkpoints = { [model.Kind] = model.CheckpointPath } }),
                Options.Create(new InferenceSessionOptions { ThreadCount = settings.Threads ?? 0 }), services.Loggers);
            await using var engine = new InferenceEngine(catalog, Options.Create(settings.Inference), Options.Create(new InferenceEngineOptions()),
                time, services.Meters, services.Logger<InferenceEngine>());
            var width = settings.Width ?? model.Config.InputWidth;
            var height = settings.Height ?? model.Config.InputHeight;
            if (model.Input is { } input)
            {
                Fit(input, model.Kind, model.Config.SequenceLength, width, height, settings, error);
            }

            var video = new VideoConfig
            {
                TargetWidth = width, TargetHeight = height, Fps = settings.Fps, SequenceLength = model.Config.SequenceLength, FrameSkip = 0,
            };
            if (video.Validate("--") is { Count: > 0 } invalid)
            {
                throw new ArgumentException(string.Join(" ", invalid));
            }

            await WarmUpAsync(engine, model.Kind, model.Config.SequenceLength, width, height, time);
            await using var stream = new VideoStream(session.Source, video, services.Meters, new VideoStreamOptions { Camera = settings.Camera }, time,
                services.Logger<VideoStream>());

            var controller = new LatencyController(settings.Inference, new AdaptiveSettings(engine.CurrentMaxBatchSize, 0, width, height),
                new LatencyControllerOptions(), time, services.Logger<LatencyController>(), accuracy: catalog.Describe(model.Kind).Accuracy);
            var monitor = new PerformanceMonitor(time);
            using var resources = new ResourceSampler(time, TimeSpan.FromSeconds(1));
            var startedAt = time.GetUtcNow();
            var recorder = new OutcomeRecorder();
            var submitter = new SequenceSubmitter(engine, model.Kind, settings.Camera, model.Labels, PixelNormalization.From(video),
                TimeSpan.FromMilliseconds(settings.Inference.MaxLatencyMs), startedAt, recorder, monitor, controller, observer, time);
            var progress = settings.Verbosity == Verbosity.Quiet ? null : output;
            using var ticker = new RunTicker(time, startedAt, submitter, engine, stream, settings.Fps, monitor, resources, observer, progress,
                TimeSpan.FromSeconds(command == "live" ? 5 : 1));
            session.StartClocks();
            resources.Start();
            ticker.Start();
            stream.StartStreaming();
            while (await NextAsync(stream) is { } sequence)
            {
                submitter.Submit(sequence);
            }

            await submitter.DrainAsync();
            var endedAt = time.GetUtcNow();
            ticker.Dispose();
            var usage = resources.Stop();
            var info = stream.GetInfo();
            var stopReason = session.EndReason(info);
            var plot = settings.Plot;
            if (plot is not null)
            {
                LatencyPlot.Save(plot, recorder.Timeline(), settings.Inference.TargetLatencyMs, settings.Inference.MaxLatencyMs,
                    $"edgevision {command}: {model.Kind} on {settings.SourceText}");
            }

            var facts = new RunFacts(command, settings, ReportBuilder.Describe(model, model.Trained), width, height, model.Config.SequenceLength,
                settings.Inference.MaxBatchSize, info, recorder, ticker.Changes, usage,
                EnvironmentProbe.Describe(catalog.Describe(model.Kind).Device), startedAt, endedAt, stopReason, plot);
            return ReportBuilder.Build(facts);
        }
        finally
        {
            catalogFolder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A model package's limits on the run: a shape it cannot take is an error; a model of fixed size keeps its resolution
    /// (the controller may not lower it); a resize rule the edge does not apply is said.
    /// </summary>
    private static void Fit(ModelInput input, string name, int frames, int width, int height, RunSettings settings, TextWriter error)
    {
        if (input.Refuses(frames, height, width) is { } refusal)
        {
            throw new ArgumentException($"Model '{name}' cannot take {refusal}; leave --sequence-length, --width and --height out to use its own.");
        }

        if ((!input.VariableHeight || !input.VariableWidth) && settings.Inference.EnableAdaptiveResolution)
        {
            settings.Inference.EnableAdaptiveResolution = false;
            error.WriteLine($"note: model '{name}' takes only {input.Width}x{input.Height}: the controller keeps the resolution.");
        }

        if (input.Resize != ResizeMode.Stretch)
        {
            error.WriteLine($"note: model '{name}' was trained on frames resized by {input.Resize}; the edge scales frames to {width}x{height} (Stretch).");
        }
    }

    /// <summary>
    /// Two forward passes before the clock starts: the first pass pays for libtorch's lazy initialisation, which is
    /// no part of steady-state latency, and the engine's latency predictor starts from measured times.
    /// </summary>
    private static async Task WarmUpAsync(InferenceEngine engine, string key, int frames, int width, int height, TimeProvider time)
    {
        for (var i = 0; i < 2; i++)
        {
            var now = time.GetUtcNow();
            var request = new InferenceRequest("warm-up", key, SequenceFrames.Black(frames, width, height), now, now.AddMinutes(1));
            await engine.InferAsync(request);
        }
    }

    /// <summary>The next sequence; null once the stream has finished and every sequence was taken.</summary>
    private static async Task<Edge.Preprocessing.AssembledSequence?> NextAsync(VideoStream stream)
    {
        while (true)
        {
            if (await stream.GetSequenceAsync(TimeSpan.FromSeconds(1)) is { } sequence)
            {
                return sequence;
            }

            if (stream.Completion.IsCompleted)
            {
                // The stream may have finished while the wait timed out: take what it left before giving up.
                return await stream.GetSequenceAsync(TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
