namespace EdgeVision.Cli.Live;

/// <summary>Class names from a text file, one per line in class-index order (blank lines and # comments skipped).</summary>
internal static class LabelFile
{
    public static IReadOnlyList<string> Read(string path, int classes)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Labels file not found: {path}", path);
        }

        var labels = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        return labels.Length == classes
            ? labels
            : throw new ArgumentException($"--labels {path} has {labels.Length} labels; the model has {classes} classes (one label per line, in class order).");
    }
}
