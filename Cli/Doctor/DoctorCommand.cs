using System.CommandLine;

namespace EdgeVision.Cli.Doctor;

/// <summary>
/// <c>edgevision doctor</c>: checks that this machine can run EdgeVision (libtorch, OpenCV and its video I/O,
/// the ffmpeg CLI for network cameras) and says how to fix what is missing. Exit code 1 when a check fails.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that this machine can run EdgeVision: native libraries, video I/O, tools.");
        command.SetAction(parseResult => Run(parseResult.InvocationConfiguration.Output, MachineChecks.All()));
        return command;
    }

    internal static int Run(TextWriter output, IEnumerable<MachineCheck> checks)
    {
        var failed = 0;
        foreach (var check in checks)
        {
            var result = check.Run();
            output.WriteLine($"{(result.Ok ? "ok  " : "FAIL")}  {check.Name,-10} {result.Detail}");
            if (!result.Ok)
            {
                failed++;
                output.WriteLine($"      fix: {check.Fix}");
            }
        }

        output.WriteLine(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
        return failed == 0 ? 0 : 1;
    }
}
