namespace EdgeVision.Testing;

/// <summary>Where the repository's built executables are, for tests and benchmarks that start them as processes.</summary>
public static class BuiltProjects
{
    /// <summary>The repository checkout the caller was built from (the folder holding EdgeVision.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeVision.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No EdgeVision.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// <paramref name="file"/> in the output folder of the project in <paramref name="folder"/>, built in the caller's configuration
    /// (building the caller builds it: a project reference).
    /// </summary>
    public static string Dll(string folder, string file)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? "Debug";
        var dll = Path.Combine(RepositoryRoot(), folder, "bin", configuration, framework.Name, file);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {folder} first: {dll} is missing.", dll);
    }
}
