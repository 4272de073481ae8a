using System.Globalization;
using System.Runtime.InteropServices;
using EdgeVision.Inference.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Proves the PyTorch twin computes what the TorchSharp model computes before either is timed: the TorchSharp
/// weights go to PyTorch through PyBridge's <c>save_py</c> and load there with <c>strict=True</c> (same parameter
/// names and shapes), and both sides' logits for the same input must agree.
/// </summary>
internal static class TwinCheck
{
    /// <summary>Largest difference between the two sides' logits that still counts as the same function; on CUDA, cuDNN
    /// picks its convolution algorithms (TF32 on Ampere and later) per process, so the two sides may round differently.</summary>
    private static double Tolerance(Device device) => device.type == DeviceType.CUDA ? 1e-2 : 1e-3;

    /// <summary>Returns the largest absolute logit difference; throws when it exceeds <see cref="Tolerance"/>. Both sides
    /// run on <paramref name="device"/>; the weights and input travel through files from the CPU.</summary>
    public static double Verify(PyTorchLatencyServer python, LatencyCase latencyCase, Device device)
    {
        using var scope = NewDisposeScope();
        var directory = Directory.CreateTempSubdirectory("edgevision-twin-");
        try
        {
            manual_seed(0);
            using var model = VideoModelFactory.Create(latencyCase.Kind, latencyCase.Config());
            model.Module.eval();
            var weights = Path.Combine(directory.FullName, "weights.pth");
            model.Module.save_py(weights);
            var frames = randn(new long[] { latencyCase.Batch, latencyCase.Sequence, 3, latencyCase.Side, latencyCase.Side });
            var input = Path.Combine(directory.FullName, "input.f32");
            File.WriteAllBytes(input, MemoryMarshal.AsBytes(frames.data<float>().ToArray().AsSpan()).ToArray());

            float[] expected;
            using (inference_mode())
            {
                model.Module.to(device);
                expected = model.Module.call(frames.to(device)).flatten().cpu().data<float>().ToArray();
            }

            var actual = python.Logits(latencyCase, weights, input);
            if (actual.Count != expected.Length)
            {
                throw new InvalidOperationException($"{latencyCase}: PyTorch returned {actual.Count} logits, TorchSharp {expected.Length}.");
            }

            var difference = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
            if (difference > Tolerance(device))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{latencyCase}: the PyTorch twin is not the same model (largest logit difference {difference:G3})."));
            }

            return difference;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
