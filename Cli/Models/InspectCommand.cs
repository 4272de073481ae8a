using System.CommandLine;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Models;

/// <summary><c>edgevision models inspect PACKAGE</c>: a package's or checkpoint's manifest, in full, as JSON.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var package = new Argument<FileInfo>("package") { Description = $"A model package (*{ModelPackage.Extension}) or a checkpoint (*.ckpt)." };
        var command = new Command("inspect", "Print a package's manifest (a checkpoint's in the same vocabulary) as JSON.") { package };
        command.SetAction(parse => Run(parse.GetValue(package)!, parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(FileInfo package, TextWriter output)
    {
        if (!package.Exists)
        {
            throw new FileNotFoundException($"Model file not found: {package.FullName}", package.FullName);
        }

        output.WriteLine(ModelPackage.ToJson(ModelPackage.Describe(package.FullName)));
        return 0;
    }
}
