using System.Runtime.InteropServices;

namespace EdgeVision.Startup;

/// <summary>
/// The <c>execve</c> behind <see cref="StartEnvironment.Apply"/>. The new image gets the original arguments byte for byte
/// (<c>/proc/self/cmdline</c>), the process's whole environment (glibc's <c>environ</c>) plus the variables added and a guard
/// holding the process id and their names (<see cref="StartEnvironment.GuardVariable"/>), so it never restarts twice. Every
/// descriptor the runtime opened is close-on-exec; only the diagnostic server's socket file would outlive the exec, and its
/// path is the same in the new image (process id and start time do not change), so it is removed first and the new runtime
/// binds it again (dotnet-counters, dotnet-trace and dotnet-dump still attach).
/// </summary>
internal static class SelfRestart
{
    /// <summary>Replaces the process image with <paramref name="added"/> in its environment; returns only when that failed, saying why.</summary>
    public static string Exec(IReadOnlyList<StartVariable> added, int processId)
    {
        List<nint> owned = [];
        try
        {
            var arguments = File.ReadAllBytes("/proc/self/cmdline");
            var argumentBlock = Marshal.AllocHGlobal(arguments.Length + 1);
            owned.Add(argumentBlock);
            Marshal.Copy(arguments, 0, argumentBlock, arguments.Length);
            Marshal.WriteByte(argumentBlock, arguments.Length, 0);
            var argv = ArgumentStarts(arguments).Select(offset => argumentBlock + offset).Append(0).ToArray();

            string[] replaced = [.. added.Select(v => v.Name), StartEnvironment.GuardVariable];
            var envp = NativeEnvironment().Where(entry => !replaced.Any(name => Names(entry, name))).ToList();
            var guard = $"{StartEnvironment.GuardVariable}={processId}:{string.Join(',', added.Select(v => v.Name))}";
            foreach (var entryText in added.Select(v => $"{v.Name}={v.Value}").Append(guard))
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(entryText + "\0");
                var entry = Marshal.AllocHGlobal(bytes.Length);
                owned.Add(entry);
                Marshal.Copy(bytes, 0, entry, bytes.Length);
                envp.Add(entry);
            }

            envp.Add(0);
            RemoveListeningSocketFiles();
            LibC.Execve(Executable(), argv, [.. envp]);
            var errno = Marshal.GetLastPInvokeError();
            return $"execve: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            owned.ForEach(Marshal.FreeHGlobal);
        }
    }

    /// <summary>True on Linux with glibc (the only C library whose arenas this is about).</summary>
    public static bool IsGlibc() =>
        OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _);

    /// <summary>Where each NUL-terminated argument of <c>/proc/self/cmdline</c> starts.</summary>
    internal static IEnumerable<int> ArgumentStarts(byte[] commandLine)
    {
        var start = 0;
        for (var i = 0; i < commandLine.Length; i++)
        {
            if (commandLine[i] == 0)
            {
                yield return start;
                start = i + 1;
            }
        }

        if (start < commandLine.Length)
        {
            yield return start; // an unterminated last argument; the copy appends the NUL
        }
    }

    /// <summary>Paths of the listening Unix sockets in <c>/proc/net/unix</c> lines whose inode is among <paramref name="inodes"/>.</summary>
    internal static IEnumerable<string> ListeningSocketPaths(IEnumerable<string> netUnix, IReadOnlySet<string> inodes)
    {
        const int Listening = 0x10000; // __SO_ACCEPTCON
        foreach (var line in netUnix)
        {
            var fields = line.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 8 && inodes.Contains(fields[6]) && int.TryParse(fields[3], System.Globalization.NumberStyles.HexNumber, null, out var flags)
                && (flags & Listening) != 0 && fields[7].StartsWith('/'))
            {
                yield return fields[7];
            }
        }
    }

    /// <summary>The executable's path, so the process keeps its name (<c>/proc/self/exe</c> itself would rename it "exe").</summary>
    private static string Executable() =>
        new FileInfo("/proc/self/exe").LinkTarget is { } target && File.Exists(target) ? target : "/proc/self/exe";

    private static List<nint> NativeEnvironment()
    {
        var table = Marshal.ReadIntPtr(NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ"));
        List<nint> entries = [];
        for (var entry = Marshal.ReadIntPtr(table); entry != 0; entry = Marshal.ReadIntPtr(table, entries.Count * nint.Size))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static bool Names(nint entry, string name) => Marshal.PtrToStringUTF8(entry)?.StartsWith(name + "=", StringComparison.Ordinal) == true;

    private static void RemoveListeningSocketFiles()
    {
        var inodes = new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => Target(fd))
            .Where(target => target?.StartsWith("socket:[", StringComparison.Ordinal) == true)
            .Select(target => target!["socket:[".Length..^1])
            .ToHashSet();
        foreach (var path in ListeningSocketPaths(File.ReadLines("/proc/net/unix").Skip(1), inodes))
        {
            File.Delete(path);
        }
    }

    private static string? Target(FileSystemInfo descriptor)
    {
        try
        {
            return descriptor.LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed since the listing
        }
    }
}
