namespace EdgeVision.Cli.Diagnostics;

internal sealed record CheckResult(bool Ok, string Detail);
