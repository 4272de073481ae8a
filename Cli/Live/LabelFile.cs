namespace EdgeVision.Cli.Live;

/// <summary>Class names from a text file, one per line in class-index order (blank lines and # comments skipped).</summary>
internal static class LabelFile
{
    public static IReadOnlyList<string> Read(string path, int classes)
    {
        var labels = Read(path);
        return labels.Count == classes
            ? labels
            : throw new ArgumentException($"--labels {path} has {labels.Count} labels; the model has {classes} classes (one label per line, in class order).");
    }

    /// <summary>Every label of the file, in order.</summary>
    public static IReadOnlyList<string> Read(string path) =>
        File.Exists(path)
            ? [.. File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))]
            : throw new FileNotFoundException($"Labels file not found: {path}", path);
}
