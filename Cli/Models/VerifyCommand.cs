using System.CommandLine;
using System.Globalization;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Models;

/// <summary>
/// <c>edgevision models verify PACKAGE --input X.npy --expected Y.npy</c>: runs the package on the tensor PyTorch was
/// given and compares with PyTorch's output. Exit 0 within tolerance with the same top-1 everywhere, else 1.
/// </summary>
internal static class VerifyCommand
{
    public const double DefaultTolerance = 1e-4;

    public static Command Create()
    {
        var package = new Argument<FileInfo>("package") { Description = $"The model package (*{ModelPackage.Extension})." };
        var input = new Option<FileInfo>("--input") { Description = "The network's input as numpy.save wrote it: float32, normalised, in the model's layout.", Required = true };
        var expected = new Option<FileInfo>("--expected") { Description = "PyTorch's output for it as numpy.save wrote it: float32 (batch, classes).", Required = true };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest absolute difference allowed.", DefaultValueFactory = _ => DefaultTolerance };
        tolerance.Validators.Add(r =>
        {
            if (!(r.GetValueOrDefault<double>() >= 0))
            {
                r.AddError("--tolerance must be 0 or more.");
            }
        });
        var threads = new Option<int>("--threads") { Description = "Intra-op threads (default: ONNX Runtime's choice)." };
        var command = new Command("verify", "Run a package on a saved input and compare with the reference output: largest difference and top-1 agreement.")
        {
            package, input, expected, tolerance, threads,
        };
        command.SetAction(parse => Run(
            parse.GetValue(package)!, parse.GetValue(input)!, parse.GetValue(expected)!, parse.GetValue(tolerance), parse.GetValue(threads), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(FileInfo package, FileInfo input, FileInfo expected, double tolerance, int threads, TextWriter output)
    {
        foreach (var file in new[] { package, input, expected })
        {
            if (!file.Exists)
            {
                throw new FileNotFoundException($"File not found: {file.FullName}", file.FullName);
            }
        }

        var result = Verification.Run(package.FullName, NpyArray.Read(input.FullName), NpyArray.Read(expected.FullName), threads);
        var passes = result.Passes(tolerance);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{package.Name}: {result.Clips} clips x {result.Classes} classes; largest |difference| {result.MaxAbsDifference:G3} (tolerance {tolerance:G3}); top-1 agrees on {result.Top1Agreements} of {result.Clips}"));
        output.WriteLine(passes ? "PASS" : "FAIL");
        return passes ? 0 : 1;
    }
}
