using System.Collections;
using System.Reflection;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Checkpoints;

/// <summary>
/// Reads a PyTorch <c>state_dict</c> written by <c>torch.save</c> (zip format) into named tensors.
/// PyBridge's public <c>load_py</c> loads straight into a module and lets libtorch report mismatches; its
/// unpickler (internal in 1.4.4) is reached by reflection so names and shapes can be compared first.
/// </summary>
internal static class PyTorchStateDictReader
{
    private static readonly MethodInfo? Unpickle = typeof(PyBridgeModuleExtensions).Assembly
        .GetType("TorchSharp.PyBridge.PyTorchUnpickler")
        ?.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .FirstOrDefault(m => m.Name == "UnpickleStateDict" && m.GetParameters() is [var first, ..] && first.ParameterType == typeof(Stream));

    /// <summary>Every tensor of the state dict, created in the caller's dispose scope.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (Unpickle is null)
        {
            throw new NotSupportedException(
                "This TorchSharp.PyBridge version no longer has PyTorchUnpickler.UnpickleStateDict(Stream, ...); update PyTorchStateDictReader.");
        }

        using var stream = File.OpenRead(path);
        object? result;
        try
        {
            // Later parameters (leaveOpen, and skipTensorRead in newer versions) keep their defaults, or false.
            var arguments = Unpickle.GetParameters()
                .Select((p, i) => i == 0 ? stream : p.HasDefaultValue ? p.DefaultValue : false)
                .ToArray();
            result = Unpickle.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new CheckpointFormatException($"'{path}' is not a PyTorch state_dict saved with torch.save: {e.InnerException.Message}", e.InnerException);
        }

        if (result is not IDictionary entries)
        {
            throw new CheckpointFormatException($"'{path}' does not hold a state_dict.");
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in entries)
        {
            if (entry.Key is string name && entry.Value is Tensor tensor)
            {
                tensors[name] = tensor;
            }
        }

        return tensors;
    }
}
