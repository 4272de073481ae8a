using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using EdgeVision.Benchmarks.Edge;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using EdgeVision.Inference.Pixels;
using EdgeVision.Silo.Decoding;
using EdgeVision.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using static TorchSharp.torch;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Where the CPU of one result goes besides the model, for <c>silo-efficiency</c>'s sequence shape: each stage of the
/// distributed path run alone, back to back, timed with the process's CPU clock (and mosquitto's, for the transport),
/// in milliseconds per sequence. Stages: the edge agent's stream over the synthetic camera with its encoder (and the
/// camera's rendering alone); the wire codec; MQTT through mosquitto at QoS 1; the silo's pixel work (decoding, the
/// engine's normalisation into its batch buffer, the input tensor), now and as it was before the one pixel path (a
/// same-run baseline); the forward pass at the maximum batch. What <c>silo-efficiency</c>'s CPU per result holds beyond
/// these (grain calls, acknowledgements, the durable accept, result JSON and publishing, contention) is the rest.
/// </summary>
public sealed class PipelineCostScenario : IScenario
{
    public string Name => "silo-costs";

    public string Description => "CPU ms per sequence of each stage of the distributed path, run alone (what silo-efficiency's CPU per result is made of)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SiloBenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        const int Sequences = 96;
        var format = options.Format.Equals("jpeg", StringComparison.OrdinalIgnoreCase) ? PixelFormat.Jpeg : PixelFormat.Rgb24;
        var config = new VideoConfig { TargetWidth = options.Size, TargetHeight = options.Size, Fps = null, SequenceLength = options.SequenceLength, BufferSize = 64 };
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = format }, config);
        await using var broker = await ScenarioBroker.StartAsync(options.BrokerPort, cancellationToken);
        await using var transport = await MqttLoop.StartAsync(broker, cancellationToken);
        using var model = new ModelOnly(options);
        Console.WriteLine($"{model.Describe()}, {options.SequenceLength}x3x{options.Size}x{options.Size}, {format}, {Sequences} sequences per stage, {options.Repeats} repeats");

        var stages = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string stage, double ms) => (stages.TryGetValue(stage, out var list) ? list : stages[stage] = []).Add(ms);
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            var (edgeMs, wires) = await EdgeAsync(config, encoder, Sequences, cancellationToken);
            Add("edge agent: synthetic camera, preprocessing, assembly, encoding", edgeMs);
            Add("  of which the synthetic camera's rendering alone", Render(config, Sequences));
            var payloads = new List<byte[]>();
            Add("wire: protobuf encode + decode and validation", Cpu(() =>
            {
                payloads.Clear();
                foreach (var wire in wires)
                {
                    var payload = SequenceCodec.Encode(wire);
                    _ = SequenceCodec.TryDecode(payload);
                    payloads.Add(payload);
                }
            }) / Sequences);
            var (clientMs, brokerMs) = await transport.MeasureAsync(payloads, cancellationToken);
            Add("mqtt: publish + receive, both clients (QoS 1)", clientMs / Sequences);
            Add("mqtt: mosquitto (another process)", brokerMs / Sequences);
            // The silo's pixel work per sequence, as it is and as it was before the one pixel path (same run, alternating).
            Add("silo, as it was: decode to RGB, normalise into a new float[], copy into the batch, copy for the session, tensor clone", Cpu(() => SiloBefore(wires, options.MaxBatch)) / Sequences);
            Add("silo, now: decode (JPEG only) into pooled bytes, normalise into the batch buffer, tensor over it", Cpu(() => SiloNow(wires, options.MaxBatch)) / Sequences);
            Add($"model: forward pass at batch {options.MaxBatch}", model.Measure(options.MaxBatch, options.Measure).CpuMsPerSequence);
        }

        Console.WriteLine();
        Console.WriteLine($"`dotnet run -c Release --project Benchmarks -- silo-costs {options.Describe()}`");
        Console.WriteLine();
        Console.WriteLine("| stage | CPU ms per sequence (each repeat) | median |");
        Console.WriteLine("|---|---|---|");
        foreach (var (stage, values) in stages)
        {
            Console.WriteLine(FormattableString.Invariant($"| {stage} | {RunResult.Each(values, "0.00")} | {RunResult.Median(values):0.00} |"));
        }

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"load average (1 min) at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return 0;
    }

    private static double Render(VideoConfig config, int sequences)
    {
        var scene = new SyntheticScene(config.TargetWidth, config.TargetHeight, 16, seed: 1);
        var frame = new byte[scene.FrameBytes];
        return Cpu(() =>
        {
            for (var i = 0; i < sequences * config.SequenceLength; i++)
            {
                scene.Render(i, frame);
            }
        }) / sequences;
    }

    // The edge agent's own stream (synthetic camera, unpaced) and encoder: CPU per sequence, rendering included.
    private static async Task<(double CpuMsPerSequence, List<FrameSequence> Wires)> EdgeAsync(VideoConfig config, SequenceEncoder encoder, int sequences, CancellationToken cancellationToken)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var settings = new SyntheticSourceSettings { Width = config.TargetWidth, Height = config.TargetHeight, Seed = 1 };
        await using var stream = new VideoStream(new SyntheticFrameSource(settings, Playback.Unpaced), config,
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new VideoStreamOptions { SequenceBufferSize = 4 });
        var wires = new List<FrameSequence>(sequences);
        var before = ProcessCpu();
        stream.StartStreaming();
        while (wires.Count < sequences && await stream.GetSequenceAsync(TimeSpan.FromSeconds(60), cancellationToken) is { } sequence)
        {
            using (sequence)
            {
                wires.Add(encoder.Encode(sequence, SiloRun.Site, "cost"));
            }
        }

        var cpu = (ProcessCpu() - before).TotalMilliseconds;
        return (cpu / sequences, wires);
    }

    private static void SiloNow(List<FrameSequence> wires, int maxBatch)
    {
        var decoder = new SequenceDecoder();
        var elements = (int)(wires[0].FrameCount * 3L * wires[0].Width * wires[0].Height);
        var buffer = ArrayPool<float>.Shared.Rent(elements * maxBatch);
        for (var start = 0; start < wires.Count; start += maxBatch)
        {
            var batch = Math.Min(maxBatch, wires.Count - start);
            for (var i = 0; i < batch; i++)
            {
                using var frames = decoder.Decode(wires[start + i]);
                frames.WriteTo(buffer.AsSpan(i * elements, elements));
            }

            using var scope = NewDisposeScope();
            _ = from_array(buffer).narrow(0, 0, (long)elements * batch);
        }

        ArrayPool<float>.Shared.Return(buffer);
    }

    // What SequenceTensorizer, the engine's batch copy and InferenceSession's ToArray and tensor(float[]) did.
    private static void SiloBefore(List<FrameSequence> wires, int maxBatch)
    {
        var elements = (int)(wires[0].FrameCount * 3L * wires[0].Width * wires[0].Height);
        var frameValues = elements / wires[0].FrameCount;
        var buffer = ArrayPool<float>.Shared.Rent(elements * maxBatch);
        for (var start = 0; start < wires.Count; start += maxBatch)
        {
            var batch = Math.Min(maxBatch, wires.Count - start);
            for (var i = 0; i < batch; i++)
            {
                var wire = wires[start + i];
                var normalization = PixelNormalization.From(wire.Preprocessing);
                var values = new float[elements];
                for (var f = 0; f < wire.FrameCount; f++)
                {
                    var destination = values.AsSpan(f * frameValues, frameValues);
                    if (wire.PixelFormat == PixelFormat.Rgb24)
                    {
                        normalization.Write(wire.Frames[f].Span, PixelOrder.Rgb, destination);
                        continue;
                    }

                    using var bgr = OpenCvSharp.Cv2.ImDecode(wire.Frames[f].Span, OpenCvSharp.ImreadModes.Color);
                    using var rgb = new OpenCvSharp.Mat();
                    OpenCvSharp.Cv2.CvtColor(bgr, rgb, OpenCvSharp.ColorConversionCodes.BGR2RGB);
                    normalization.Write(rgb.AsSpan<byte>(), PixelOrder.Rgb, destination);
                }

                values.CopyTo(buffer.AsSpan(i * elements, elements));
            }

            var copy = buffer.AsSpan(0, elements * batch).ToArray();
            using var scope = NewDisposeScope();
            _ = tensor(copy);
        }

        ArrayPool<float>.Shared.Return(buffer);
    }

    private static double Cpu(Action action)
    {
        var before = ProcessCpu();
        action();
        return (ProcessCpu() - before).TotalMilliseconds;
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    internal static double ProcessCpuMs(int pid)
    {
        // /proc/PID/stat: utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
