using System.Runtime.InteropServices;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// The decision and the <c>execve</c> behind <see cref="NativeHeap.UseOneArena"/>. The new image gets the original
/// arguments byte for byte (<c>/proc/self/cmdline</c>), the process's whole environment (glibc's <c>environ</c>) plus
/// <c>MALLOC_ARENA_MAX=1</c> and a guard holding the process id, so it never restarts twice. Every descriptor the runtime
/// opened is close-on-exec; only the diagnostic server's socket file would outlive the exec, and its path is the same
/// in the new image (process id and start time do not change), so it is removed first and the new runtime binds it
/// again (dotnet-counters, dotnet-trace and dotnet-dump still attach).
/// </summary>
internal static class OneArenaRestart
{
    public const string ArenaMaxVariable = "MALLOC_ARENA_MAX";

    /// <summary>The id of the process that restarted itself; set only in the restarted image.</summary>
    public const string RestartedVariable = "EDGEVISION_ONE_ARENA_PID";

    private const string ArenaTunable = "glibc.malloc.arena_max";

    private const string Slow = "the inference thread's large buffers are mapped and unmapped every forward pass";

    /// <summary>What to do, given the environment, this process's id and whether the C library is glibc on Linux.</summary>
    /// <param name="requested">Whether the process asked for one arena at start (<see cref="NativeHeap.UseOneArena"/>).</param>
    public static Decision Decide(Func<string, string?> environment, int processId, bool glibc, bool requested)
    {
        if (!glibc)
        {
            return new Decision(new ArenaSetup(false, true, "not glibc on Linux: glibc's arenas do not apply"));
        }

        var arenaMax = ArenaMax(environment);
        if (environment(RestartedVariable) == processId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return arenaMax == "1"
                ? new Decision(new ArenaSetup(true, true, "one glibc arena (the process restarted itself with MALLOC_ARENA_MAX=1 at start)"), Restarted: true)
                : new Decision(new ArenaSetup(false, false, $"glibc's per-thread arenas: the restart with MALLOC_ARENA_MAX=1 arrived without it; {Slow}"), Restarted: true);
        }

        if (arenaMax is not null)
        {
            return arenaMax == "1"
                ? new Decision(new ArenaSetup(true, true, "one glibc arena (MALLOC_ARENA_MAX=1 from the environment)"))
                : new Decision(new ArenaSetup(false, true, $"glibc arenas as the environment sets them (at most {arenaMax}): {Slow}"));
        }

        switch (environment(NativeHeap.OneArenaVariable))
        {
            case null or "" or "1":
                break;
            case "0":
                return new Decision(new ArenaSetup(false, true, $"glibc's per-thread arenas ({NativeHeap.OneArenaVariable}=0): {Slow}"));
            case var other:
                return new Decision(new ArenaSetup(false, false, ""), Error: $"{NativeHeap.OneArenaVariable} must be 0 (keep glibc's per-thread arenas) or 1 (one arena, the default); it was '{other}'.");
        }

        return requested
            ? new Decision(new ArenaSetup(true, true, "one glibc arena"), Restart: true)
            : new Decision(new ArenaSetup(false, false, $"glibc's per-thread arenas: this process did not start through NativeHeap.UseOneArena() and has no MALLOC_ARENA_MAX=1; {Slow}"));
    }

    /// <summary>Replaces the process image; returns only when <c>execve</c> failed, saying so.</summary>
    public static ArenaSetup Restart(int processId)
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

            var envp = NativeEnvironment().Where(entry => !Names(entry, ArenaMaxVariable) && !Names(entry, RestartedVariable)).ToList();
            foreach (var added in new[] { $"{ArenaMaxVariable}=1", $"{RestartedVariable}={processId}" })
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(added + "\0");
                var entry = Marshal.AllocHGlobal(bytes.Length);
                owned.Add(entry);
                Marshal.Copy(bytes, 0, entry, bytes.Length);
                envp.Add(entry);
            }

            envp.Add(0);
            RemoveListeningSocketFiles();
            LibC.Execve(Executable(), argv, [.. envp]);
            var errno = Marshal.GetLastPInvokeError();
            return Failed($"execve: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return Failed($"{ex.GetType().Name}: {ex.Message}");
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

    private static string? ArenaMax(Func<string, string?> environment)
    {
        var tunable = (environment("GLIBC_TUNABLES") ?? "").Split(':').Select(t => t.Split('=', 2)).LastOrDefault(t => t is [ArenaTunable, _]);
        return tunable?[1] ?? (environment(ArenaMaxVariable) is { Length: > 0 } value ? value : null);
    }

    private static ArenaSetup Failed(string why) =>
        new(false, false, $"glibc's per-thread arenas: restarting with MALLOC_ARENA_MAX=1 failed ({why}); {Slow}");

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

    /// <param name="Setup">What is in force when the process goes on (after a restart: what the new image will find).</param>
    /// <param name="Restart">Re-execute the process with one arena.</param>
    /// <param name="Restarted">This is the restarted image.</param>
    /// <param name="Error">An invalid <see cref="NativeHeap.OneArenaVariable"/>, naming it.</param>
    internal sealed record Decision(ArenaSetup Setup, bool Restart = false, bool Restarted = false, string? Error = null);
}
