namespace EdgeVision.Testing;

/// <summary>What the server launchers share: how long a server may take to start and to stop on a loaded machine.</summary>
internal static class ServerProcess
{
    /// <summary>From start until the server accepts connections (a busy two-core machine can take tens of seconds).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>From SIGTERM or kill until the process has exited.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Deletes a server's temporary folder; one left behind in the temp folder is harmless.</summary>
    public static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }
}
