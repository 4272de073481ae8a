using System.CommandLine;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Models;

/// <summary><c>edgevision models list</c>: the checkpoints and packages of a model directory, by the key they are served under.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var directory = new Option<DirectoryInfo?>("--directory", "-d") { Description = "The model directory (default: the shipped models folder, what the silo serves by default)." };
        var command = new Command("list", "List the models a model directory serves, with their manifests.") { directory };
        command.SetAction(parse => Run(parse.GetValue(directory)?.FullName ?? ModelCatalogOptions.ShippedDirectory, parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string directory, TextWriter output)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model directory not found: {directory}");
        }

        var files = Directory.EnumerateFiles(directory).Where(ModelCatalog.IsModelFile).Order(StringComparer.Ordinal).ToArray();
        output.WriteLine($"{files.Length} model(s) in {directory}");
        foreach (var file in files)
        {
            output.WriteLine();
            output.WriteLine($"{Path.GetFileNameWithoutExtension(file)}  ({Path.GetFileName(file)})");
            try
            {
                ManifestText.Write(output, ModelPackage.Describe(file));
            }
            catch (CheckpointFormatException e)
            {
                // One unreadable file does not hide the others; the catalog refuses it at start with the same reason.
                output.WriteLine($"  unreadable: {e.Message}");
            }
        }

        return 0;
    }
}
