namespace EdgeVision.Cli.Doctor;

/// <summary>One thing EdgeVision needs from the machine, how to test it, and how to fix it.</summary>
internal sealed record MachineCheck(string Name, string Fix, Func<CheckResult> Probe)
{
    /// <summary>Runs the probe; a probe that throws is a failed check, not a crashed command.</summary>
    public CheckResult Run()
    {
        try
        {
            return Probe();
        }
        catch (Exception e)
        {
            var root = e;
            while (root.InnerException is not null)
            {
                root = root.InnerException;
            }

            // TorchSharp's load error runs to dozens of lines of probing trace; its first line says enough.
            var firstLine = root.Message.Split('\n', 2)[0].Trim();
            return new CheckResult(false, $"{root.GetType().Name}: {firstLine}");
        }
    }
}
