namespace EdgeVision.Cli.Doctor;

internal sealed record CheckResult(bool Ok, string Detail);
