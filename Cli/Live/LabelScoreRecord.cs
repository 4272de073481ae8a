namespace EdgeVision.Cli.Live;

/// <summary>One class and its probability.</summary>
public sealed record LabelScoreRecord(string Label, double Confidence);
