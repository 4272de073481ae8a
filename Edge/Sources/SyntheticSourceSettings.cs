using System.Globalization;
using EdgeVision.Synthetic;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// What a <c>synthetic</c> source string asks for: <c>synthetic</c> alone, or
/// <c>synthetic:key=value,key=value</c> with the keys below. Every key is optional.
/// </summary>
public sealed record SyntheticSourceSettings
{
    public const string Prefix = "synthetic";

    /// <summary>The default of <see cref="FramesPerAction"/>: the shipped models' training clip length.</summary>
    public const int DefaultFramesPerAction = 8;

    /// <summary>The highest frame rate a synthetic source renders at (the one named in <see cref="Keys"/>).</summary>
    public const int MaxFps = 240;

    public const string Keys =
        "seed (integer), class (one action name, or omitted for every class in shuffled rounds), width and height (16 to 4096), " +
        "fps (above 0, at most 240), frames_per_action (1 to 10000; default 8, the shipped models' training clips)";

    /// <summary>Seeds the scene: the same seed renders the same frames and the same sequence of actions.</summary>
    public int Seed { get; init; }

    /// <summary>Only this action (every clip a new look of it); null plays every class in shuffled balanced rounds.</summary>
    public ActionClass? Action { get; init; }

    public int Width { get; init; } = 320;

    public int Height { get; init; } = 240;

    /// <summary>Frames per second the source delivers (and its media clock).</summary>
    public double Fps { get; init; } = 30;

    /// <summary>
    /// Frames each action lasts before the next begins (its whole motion is planned over them). The default, 8, is what
    /// the shipped models were trained on (one whole action per 8-frame clip, <c>models/README.md</c>), so their labels
    /// agree with the scene; a model trained on other clips wants its own value.
    /// </summary>
    public int FramesPerAction { get; init; } = DefaultFramesPerAction;

    /// <summary>Parses a source string starting with <c>synthetic</c>; throws <see cref="FrameSourceException"/> naming the bad key.</summary>
    public static SyntheticSourceSettings Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = source.Trim();
        if (text.Equals(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return new SyntheticSourceSettings();
        }

        if (!text.StartsWith(Prefix + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(source, $"does not start with '{Prefix}' or '{Prefix}:'");
        }

        var settings = new SyntheticSourceSettings();
        foreach (var pair in text[(Prefix.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            if (pair.Split('=', 2, StringSplitOptions.TrimEntries) is not [var key, var value] || key.Length == 0)
            {
                throw Invalid(source, $"has '{pair}' where a key=value pair belongs");
            }

            settings = key.ToLowerInvariant() switch
            {
                "seed" => settings with { Seed = Integer(source, key, value, int.MinValue, int.MaxValue) },
                "class" => settings with { Action = ActionClasses.TryParse(value, out var action) ? action : throw Invalid(source,
                    $"key 'class' names no action ('{value}'); the classes are {string.Join(", ", ActionClasses.Names)}") },
                "width" => settings with { Width = Integer(source, key, value, 16, 4096) },
                "height" => settings with { Height = Integer(source, key, value, 16, 4096) },
                "fps" => settings with { Fps = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var fps) && fps is > 0 and <= MaxFps
                    ? fps
                    : throw Invalid(source, $"key 'fps' must be a number above 0 and at most {MaxFps} (was '{value}')") },
                "frames_per_action" => settings with { FramesPerAction = Integer(source, key, value, 1, 10_000) },
                _ => throw Invalid(source, $"has the unknown key '{key}'"),
            };
        }

        return settings;
    }

    /// <summary>The canonical source string for these settings (what <see cref="Parse"/> reads back).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}:seed={Seed},{(Action is { } a ? $"class={a.Name()}," : "")}width={Width},height={Height},fps={Fps},frames_per_action={FramesPerAction}");

    private static int Integer(string source, string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Invalid(source, $"key '{key}' must be an integer from {min} to {max} (was '{value}')");

    private static FrameSourceException Invalid(string source, string why) =>
        new($"Source '{source}' {why}. Synthetic source keys: {Keys}.");
}
