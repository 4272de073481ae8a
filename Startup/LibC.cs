using System.Runtime.InteropServices;

namespace EdgeVision.Startup;

/// <summary>The C library call <see cref="SelfRestart"/> makes; it throws <see cref="DllNotFoundException"/> or
/// <see cref="EntryPointNotFoundException"/> on a C library without it.</summary>
internal static class LibC
{
    /// <summary>Replaces the process image; returns -1 (errno set) only on failure.</summary>
    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    public static extern int Execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint[] argv, nint[] envp);
}
