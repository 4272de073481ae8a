using System.CommandLine;

namespace EdgeVision.Cli.Models;

/// <summary>
/// <c>edgevision models</c>: brings models trained elsewhere (ONNX or TorchScript exported from PyTorch) into one-file packages the
/// silo and the CLI serve, checks them against the reference framework's output, and shows what a model directory holds.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create() => new("models", "Import, verify, list and inspect model packages (ONNX or TorchScript models with their manifest).")
    {
        ImportCommand.Create(),
        VerifyCommand.Create(),
        ListCommand.Create(),
        InspectCommand.Create(),
    };
}
