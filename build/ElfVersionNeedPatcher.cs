// Shared by the build (compiled by RoslynCodeTaskFactory in TorchSharpNative.targets, against netstandard
// with no preprocessor symbols) and by Tests/Native (net10.0, where NET is defined). So: no Span, no
// BinaryPrimitives, explicit usings, and the MSBuild task only where NET is not defined.
// Three types in one file because an inline task takes exactly one source file.
#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace EdgeVision.Build;

/// <summary>What <see cref="ElfVersionNeedPatcher"/> did to a file.</summary>
public enum ElfPatchResult
{
    /// <summary>The version need was found and marked weak.</summary>
    Patched,

    /// <summary>The version need was found and every entry of it was already weak; nothing written.</summary>
    AlreadyWeak,

    /// <summary>A valid ELF64 file without that version need; nothing written.</summary>
    NoSuchNeed,

    /// <summary>Not an ELF64 little-endian file; nothing written.</summary>
    NotElf,

    /// <summary>ELF64 magic, but a header, table or string lies outside the file; nothing written.</summary>
    Malformed,
}

/// <summary>
/// Marks a version need (a Vernaux entry of <c>.gnu.version_r</c>) weak, so the dynamic loader accepts a
/// library whose dependency lacks that version. TorchSharp 0.107.0 needs GLIBCXX_3.4.32 (GCC 13) for one
/// symbol it never calls; Debian 12 ships 3.4.30.
/// </summary>
public static class ElfVersionNeedPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;
    private const int ElfHeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    /// <summary>Where distributions put the C++ runtime the loader will pick.</summary>
    internal static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    /// <summary>
    /// Marks every Vernaux entry named <paramref name="versionName"/> weak in the file at <paramref name="path"/>.
    /// Writes a patched copy next to it and renames it over the original, so a hard or symbolic link into the
    /// NuGet cache is replaced, never written through. Keeps the original's timestamp so incremental copies
    /// (size + time) see an unchanged file and leave it alone.
    /// </summary>
    public static ElfPatchResult MarkNeedWeak(string path, string versionName)
    {
        var image = File.ReadAllBytes(path);
        var result = MarkNeedWeak(image, versionName, out var patchedOffsets);
        if (result != ElfPatchResult.Patched)
        {
            return result;
        }

        var temporary = path + ".edgevision-patch.tmp";
        var lastWrite = File.GetLastWriteTimeUtc(path);
        try
        {
            // Copy first: it keeps the file mode (the loader maps it executable).
            File.Copy(path, temporary, overwrite: true);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                foreach (var offset in patchedOffsets)
                {
                    stream.Seek(offset, SeekOrigin.Begin);
                    stream.Write(image, offset, 2);
                }
            }

            File.SetLastWriteTimeUtc(temporary, lastWrite);
            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return result;
    }

    /// <summary>
    /// Marks every Vernaux entry named <paramref name="versionName"/> weak in <paramref name="image"/>.
    /// <paramref name="patchedOffsets"/> gets the file offset of each <c>vna_flags</c> changed.
    /// The image is changed only when the result is <see cref="ElfPatchResult.Patched"/>.
    /// </summary>
    public static ElfPatchResult MarkNeedWeak(byte[] image, string versionName, out IReadOnlyList<int> patchedOffsets)
    {
        var toPatch = new List<int>();
        patchedOffsets = toPatch;
        var wanted = Encoding.ASCII.GetBytes(versionName);

        if (image.Length < ElfHeaderSize
            || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            return ElfPatchResult.NotElf;
        }

        // EI_CLASS 2 = ELF64, EI_DATA 1 = little-endian.
        if (image[4] != 2 || image[5] != 1)
        {
            return ElfPatchResult.NotElf;
        }

        var sectionTable = ReadUInt64(image, 0x28);
        var entrySize = ReadUInt16(image, 0x3a);
        ulong sectionCount = ReadUInt16(image, 0x3c);
        if (sectionTable == 0)
        {
            return ElfPatchResult.NoSuchNeed;
        }

        if (entrySize < SectionHeaderSize || !Fits(image, sectionTable, SectionHeaderSize))
        {
            return ElfPatchResult.Malformed;
        }

        if (sectionCount == 0)
        {
            // Extended numbering: the real count is in section 0's sh_size.
            sectionCount = ReadUInt64(image, (int)sectionTable + 0x20);
        }

        if (sectionCount > (ulong)(int.MaxValue / entrySize) || !Fits(image, sectionTable, sectionCount * entrySize))
        {
            return ElfPatchResult.Malformed;
        }

        var found = 0;
        for (ulong index = 0; index < sectionCount; index++)
        {
            var header = (int)(sectionTable + index * entrySize);
            if (ReadUInt32(image, header + 0x04) != ShtGnuVerneed)
            {
                continue;
            }

            var sectionOffset = ReadUInt64(image, header + 0x18);
            var sectionSize = ReadUInt64(image, header + 0x20);
            ulong link = ReadUInt32(image, header + 0x28);
            if (!Fits(image, sectionOffset, sectionSize) || link >= sectionCount)
            {
                return ElfPatchResult.Malformed;
            }

            var stringHeader = (int)(sectionTable + link * entrySize);
            var stringOffset = ReadUInt64(image, stringHeader + 0x18);
            var stringSize = ReadUInt64(image, stringHeader + 0x20);
            if (!Fits(image, stringOffset, stringSize))
            {
                return ElfPatchResult.Malformed;
            }

            var walk = WalkNeeds(
                image, (int)sectionOffset, (int)sectionSize, (int)stringOffset, (int)stringSize, wanted, toPatch, ref found);
            if (walk != ElfPatchResult.Patched)
            {
                toPatch.Clear();
                return walk;
            }
        }

        if (found == 0)
        {
            return ElfPatchResult.NoSuchNeed;
        }

        if (toPatch.Count == 0)
        {
            return ElfPatchResult.AlreadyWeak;
        }

        foreach (var offset in toPatch)
        {
            image[offset] |= (byte)VerFlgWeak;
        }

        return ElfPatchResult.Patched;
    }

    /// <summary>Whether the host's libstdc++ defines <paramref name="versionName"/>; null when none was found.</summary>
    public static bool? HostLibStdCxxProvides(string versionName)
    {
        foreach (var candidate in LibStdCxxCandidates)
        {
            if (File.Exists(candidate))
            {
                return FileContainsString(candidate, versionName);
            }
        }

        return null;
    }

    /// <summary>Whether the file holds <paramref name="text"/> as a NUL-terminated string (as in .dynstr).</summary>
    public static bool FileContainsString(string path, string text)
    {
        var bytes = File.ReadAllBytes(path);
        var needle = Encoding.ASCII.GetBytes(text + "\0");
        var last = bytes.Length - needle.Length;
        for (var start = 0; start <= last; start++)
        {
            if (bytes[start] != needle[0])
            {
                continue;
            }

            var match = true;
            for (var i = 1; i < needle.Length && match; i++)
            {
                match = bytes[start + i] == needle[i];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    // Walks Elf64_Verneed entries and their Elf64_Vernaux lists. Patched here means "walked fine".
    private static ElfPatchResult WalkNeeds(
        byte[] image, int section, int size, int strings, int stringsSize, byte[] wanted, List<int> toPatch, ref int found)
    {
        var need = 0;
        // Every entry is at least 16 bytes, so more steps than that means a loop in the next links.
        for (var steps = 0; steps <= size / VerneedSize; steps++)
        {
            if (need < 0 || need > size - VerneedSize)
            {
                return ElfPatchResult.Malformed;
            }

            var auxCount = ReadUInt16(image, section + need + 2);
            var aux = need + (int)Math.Min(ReadUInt32(image, section + need + 8), int.MaxValue);
            for (var i = 0; i < auxCount; i++)
            {
                if (aux < 0 || aux > size - VernauxSize)
                {
                    return ElfPatchResult.Malformed;
                }

                var name = ReadUInt32(image, section + aux + 8);
                if (name >= (uint)stringsSize)
                {
                    return ElfPatchResult.Malformed;
                }

                var nameMatch = NameAt(image, strings + (int)name, strings + stringsSize, wanted);
                if (nameMatch is null)
                {
                    return ElfPatchResult.Malformed;
                }

                if (nameMatch.Value)
                {
                    found++;
                    var flagsOffset = section + aux + 4;
                    if ((ReadUInt16(image, flagsOffset) & VerFlgWeak) == 0)
                    {
                        toPatch.Add(flagsOffset);
                    }
                }

                var nextAux = ReadUInt32(image, section + aux + 12);
                if (nextAux == 0)
                {
                    break;
                }

                aux += (int)Math.Min(nextAux, int.MaxValue);
            }

            var next = ReadUInt32(image, section + need + 12);
            if (next == 0)
            {
                return ElfPatchResult.Patched;
            }

            need += (int)Math.Min(next, int.MaxValue);
        }

        return ElfPatchResult.Malformed;
    }

    // True/false for a NUL-terminated string at start (equal or not); null when it runs past end.
    private static bool? NameAt(byte[] image, int start, int end, byte[] wanted)
    {
        var equal = true;
        for (var i = 0; start + i < end; i++)
        {
            var b = image[start + i];
            if (b == 0)
            {
                return equal && i == wanted.Length;
            }

            equal = equal && i < wanted.Length && b == wanted[i];
        }

        return null;
    }

    private static bool Fits(byte[] image, ulong offset, ulong length) =>
        offset <= (ulong)image.Length && length <= (ulong)image.Length - offset;

    private static ushort ReadUInt16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);

    private static uint ReadUInt32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);

    private static ulong ReadUInt64(byte[] b, int at) => ReadUInt32(b, at) | (ulong)ReadUInt32(b, at + 4) << 32;
}

#if !NET
/// <summary>
/// Marks <see cref="VersionName"/> weak in each of <see cref="Files"/> when the host's libstdc++ lacks it.
/// Used by build/TorchSharpNative.targets after Build and Publish.
/// </summary>
public sealed class PatchElfVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    [Microsoft.Build.Framework.Required]
    public string VersionName { get; set; } = string.Empty;

    public override bool Execute()
    {
        var hostHasIt = ElfVersionNeedPatcher.HostLibStdCxxProvides(VersionName);
        if (hostHasIt == true)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Host libstdc++ provides {0}; nothing to patch.", VersionName);
            return true;
        }

        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var result = ElfVersionNeedPatcher.MarkNeedWeak(path, VersionName);
                switch (result)
                {
                    case ElfPatchResult.Patched:
                        Log.LogMessage(
                            Microsoft.Build.Framework.MessageImportance.High,
                            "EdgeVision: marked version need {0} weak in {1} ({2}).",
                            VersionName,
                            path,
                            hostHasIt == false ? "host libstdc++ lacks it" : "no libstdc++ found in the usual paths");
                        break;
                    case ElfPatchResult.AlreadyWeak:
                    case ElfPatchResult.NoSuchNeed:
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "{0}: {1}", path, result);
                        break;
                    default:
                        Log.LogError("EdgeVision: {0} is not a usable ELF64 library ({1}); restore the TorchSharp package again.", path, result);
                        break;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError("EdgeVision: could not patch {0}: {1}", path, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }
}
#endif
