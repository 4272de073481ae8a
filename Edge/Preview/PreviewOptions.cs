using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Edge.Preview;

/// <summary>
/// The camera's preview (<c>Edge:Preview</c> section): a small JPEG of a frame the agent captured anyway, published retained
/// on <c>edgevision/{site}/{camera}/preview</c> at most once per <see cref="IntervalSeconds"/>, for the Dashboard. Off by
/// default: a preview is a picture of the site leaving it, so turning it on is a decision.
/// </summary>
public sealed class PreviewOptions
{
    public const string SectionName = "Edge:Preview";

    public bool Enabled { get; set; }

    /// <summary>Seconds between two previews at least.</summary>
    public double IntervalSeconds { get; set; } = 1;

    /// <summary>Width of the preview in pixels at most (a narrower frame keeps its size); the height follows the frame's aspect ratio.</summary>
    public int Width { get; set; } = 160;

    /// <summary>1 to 100.</summary>
    public int JpegQuality { get; set; } = 70;

    /// <summary>A preview larger than this is not published; it is counted (<c>oversized</c>).</summary>
    public int MaxBytes { get; set; } = 32 * 1024;

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(IntervalSeconds), IntervalSeconds, 0.1, 3600);
        errors.Range(nameof(Width), Width, 16, 1920);
        errors.Range(nameof(JpegQuality), JpegQuality, 1, 100);
        errors.Range(nameof(MaxBytes), MaxBytes, 1024, 1024 * 1024);
        return errors.Errors;
    }
}
