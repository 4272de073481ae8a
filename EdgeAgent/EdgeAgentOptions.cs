using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// The edge agent (<c>Edge</c> section, where every key of the agent lives): which camera this is and how its sequences
/// go on the wire. Validated at start by <see cref="Validate"/>; <c>--site</c>, <c>--camera</c>, <c>--source</c> set it
/// from the command line. Preprocessing lives in <c>Edge:Video</c>, the broker in <c>Edge:Mqtt</c>.
/// </summary>
public sealed class EdgeAgentOptions
{
    public const string SectionName = "Edge";

    /// <summary>Where the agent's broker connection (<see cref="Publishing.MqttPublisherOptions"/>) is configured.</summary>
    public const string MqttSectionName = SectionName + ":Mqtt";

    /// <summary>Where the agent's preprocessing (<see cref="VideoConfig"/>) is configured.</summary>
    public const string VideoSectionName = SectionName + ":Video";

    /// <summary>Site id: a topic segment (1-64 ASCII letters, digits, '-' and '_').</summary>
    public string Site { get; set; } = "local";

    /// <summary>Camera id: a topic segment and the <c>camera</c> metric tag.</summary>
    public string Camera { get; set; } = "camera-1";

    /// <summary>What to capture: <c>synthetic</c>, a video file, <c>rtsp://...</c>, <c>http(s)://...</c>, <c>webcam[:N]</c> or <c>/dev/videoN</c>.</summary>
    public string Source { get; set; } = "synthetic";

    /// <summary>Replay a file source from the start when it ends.</summary>
    public bool Loop { get; set; }

    /// <summary>Frames on the wire: <c>Jpeg</c> (about 10x smaller) or <c>Rgb24</c> (exact, no encode cost).</summary>
    public PixelFormat Format { get; set; } = PixelFormat.Jpeg;

    /// <summary>1 to 100; used for <c>Jpeg</c> only.</summary>
    public int JpegQuality { get; set; } = 85;

    /// <summary>Resize interpolation: <c>Auto</c> (area when shrinking, linear when enlarging), <c>Nearest</c>, <c>Linear</c>, <c>Cubic</c>, <c>Area</c>.</summary>
    public ResizeInterpolation Interpolation { get; set; } = ResizeInterpolation.Auto;

    /// <summary>Assembled sequences waiting for the encoder; beyond it assembly waits and the capture buffer drops (counted).</summary>
    public int SequenceBufferSize { get; set; } = 4;

    /// <summary>
    /// Seconds the agent waits for a published sequence's outcome (its result or a silo's drop notice) after the broker
    /// acknowledged it; then it republishes it once and waits as long again, then counts it as <c>no_result</c>.
    /// </summary>
    public double ResultTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The latest sequences whose bytes are kept for that republish (0: no republish; each is one encoded sequence). To
    /// republish at all it must cover a timeout's worth of sequences (sequences per second x ResultTimeoutSeconds): the
    /// default holds 68 s of the local run's 3.75 sequences a second, as many sequences as the offline queue.
    /// </summary>
    public int RetainForRepublish { get; set; } = 256;

    /// <summary>Sequences awaiting their outcome kept at most (identities only); beyond it the oldest is counted as <c>no_result</c>.</summary>
    public int MaxOutstandingSequences { get; set; } = 10_000;

    /// <summary>The ledger's settings from <see cref="ResultTimeoutSeconds"/>, <see cref="RetainForRepublish"/> and <see cref="MaxOutstandingSequences"/>.</summary>
    public Edge.Accountability.SequenceLedgerSettings LedgerSettings() =>
        new(TimeSpan.FromSeconds(ResultTimeoutSeconds), RetainForRepublish, MaxOutstandingSequences);

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        if (Identifiers.Explain(Site) is { } site)
        {
            errors.Add(nameof(Site), $"{site} (--site sets it).");
        }

        if (Identifiers.Explain(Camera) is { } camera)
        {
            errors.Add(nameof(Camera), $"{camera} (--camera sets it).");
        }

        try
        {
            FrameSourceSpec.Parse(Source);
        }
        catch (FrameSourceException ex)
        {
            errors.Add(nameof(Source), $"is not usable: {ex.Message}");
        }

        if (Format is not (PixelFormat.Jpeg or PixelFormat.Rgb24))
        {
            errors.Add(nameof(Format), $"must be Jpeg or Rgb24 (was {Format}).");
        }

        errors.Range(nameof(JpegQuality), JpegQuality, 1, 100);
        if (!Enum.IsDefined(Interpolation))
        {
            errors.Add(nameof(Interpolation), $"must be one of {string.Join(", ", Enum.GetNames<ResizeInterpolation>())} (was {Interpolation}).");
        }

        errors.Range(nameof(SequenceBufferSize), SequenceBufferSize, 1, 1024);
        errors.Range(nameof(ResultTimeoutSeconds), ResultTimeoutSeconds, 0.1, 3600);

        errors.Range(nameof(RetainForRepublish), RetainForRepublish, 0, 100_000);
        errors.Range(nameof(MaxOutstandingSequences), MaxOutstandingSequences, 1, 10_000_000);
        return errors.Errors;
    }
}
