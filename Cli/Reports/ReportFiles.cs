namespace EdgeVision.Cli.Reports;

/// <summary>Writes a report as JSON, atomically: an interrupted write never leaves half a report behind.</summary>
internal static class ReportFiles
{
    public static void Write(string path, RunReport report)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, CliJson.Serialize(report) + "\n");
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
