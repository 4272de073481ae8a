using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using EdgeVision.Build;
using TorchSharp;

namespace EdgeVision.Tests.Native;

// The patcher the build runs on TorchSharp's native library (build/ElfVersionNeedPatcher.cs, linked in).
// Works on temporary copies of the unpatched library from the NuGet packages folder.
[SupportedOSPlatform("linux")]
public sealed class ElfVersionNeedPatcherTests : IDisposable
{
    private const string Need = "GLIBCXX_3.4.32";
    private readonly string _directory = Directory.CreateTempSubdirectory("edgevision-elf-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MarksTheGlibcxxNeedWeakAndChangesNoOtherByte()
    {
        var original = File.ReadAllBytes(PackageLibrary());
        var copy = CopyOf(original);

        var result = ElfVersionNeedPatcher.MarkNeedWeak(copy, Need);

        Assert.Equal(ElfPatchResult.Patched, result);
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        var at = Assert.Single(changed);
        Assert.Equal(0, original[at] & 0x2);
        Assert.Equal(original[at] | 0x2, patched[at]);
        // vna_flags follows vna_hash: the changed byte must sit right after the ELF hash of the need's name.
        Assert.Equal(ElfHash(Need), BitConverter.ToUInt32(original, at - 4));
    }

    [Fact]
    public void ReportsAlreadyWeakOnASecondRunAndLeavesTheFileAsItWas()
    {
        var copy = CopyOf(File.ReadAllBytes(PackageLibrary()));
        Assert.Equal(ElfPatchResult.Patched, ElfVersionNeedPatcher.MarkNeedWeak(copy, Need));
        var once = File.ReadAllBytes(copy);

        var again = ElfVersionNeedPatcher.MarkNeedWeak(copy, Need);

        Assert.Equal(ElfPatchResult.AlreadyWeak, again);
        Assert.Equal(once, File.ReadAllBytes(copy));
    }

    [Fact]
    public void KeepsTimestampAndModeSoIncrementalCopiesSeeTheSameFile()
    {
        var copy = CopyOf(File.ReadAllBytes(PackageLibrary()));
        var stamp = new DateTime(2026, 5, 7, 10, 3, 28, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(copy, stamp);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);

        Assert.Equal(ElfPatchResult.Patched, ElfVersionNeedPatcher.MarkNeedWeak(copy, Need));

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead,
            File.GetUnixFileMode(copy));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReplacesALinkedOutputInsteadOfWritingThroughItIntoThePackage(bool hardLink)
    {
        var package = CopyOf(File.ReadAllBytes(PackageLibrary()));
        var output = Path.Combine(_directory, "output.so");
        if (hardLink)
        {
            Assert.Equal(0, link(package, output));
        }
        else
        {
            File.CreateSymbolicLink(output, package);
        }

        var before = File.ReadAllBytes(package);

        Assert.Equal(ElfPatchResult.Patched, ElfVersionNeedPatcher.MarkNeedWeak(output, Need));

        Assert.Equal(before, File.ReadAllBytes(package));
        Assert.Equal(ElfPatchResult.AlreadyWeak, ElfVersionNeedPatcher.MarkNeedWeak(output, Need));
    }

    [Theory]
    [InlineData("GLIBCXX_9.9.99")]
    [InlineData("GLIBCXX_3.4.3")] // A prefix of needs the library has (3.4.30, 3.4.32): names match whole.
    public void ReportsNoSuchNeedForAVersionTheLibraryDoesNotAskFor(string version)
    {
        var original = File.ReadAllBytes(PackageLibrary());
        var copy = CopyOf(original);

        Assert.Equal(ElfPatchResult.NoSuchNeed, ElfVersionNeedPatcher.MarkNeedWeak(copy, version));
        Assert.Equal(original, File.ReadAllBytes(copy));
    }

    [Fact]
    public void RejectsAFileThatIsNotElfWithoutChangingIt()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a shared library\n", 10)));
        var copy = CopyOf(text);

        Assert.Equal(ElfPatchResult.NotElf, ElfVersionNeedPatcher.MarkNeedWeak(copy, Need));
        Assert.Equal(text, File.ReadAllBytes(copy));
    }

    [Theory]
    [InlineData(16, ElfPatchResult.NotElf)] // Shorter than the ELF header.
    [InlineData(64, ElfPatchResult.Malformed)] // Header only: the section table lies past the end.
    [InlineData(0x3f9f0, ElfPatchResult.Malformed)] // Cut inside .gnu.version_r.
    public void RejectsATruncatedLibraryWithoutChangingIt(int length, ElfPatchResult expected)
    {
        var truncated = File.ReadAllBytes(PackageLibrary())[..length];
        var copy = CopyOf(truncated);

        Assert.Equal(expected, ElfVersionNeedPatcher.MarkNeedWeak(copy, Need));
        Assert.Equal(truncated, File.ReadAllBytes(copy));
    }

    [Fact]
    public void RejectsANeedWhoseNamePointsOutsideTheStringTable()
    {
        var image = File.ReadAllBytes(PackageLibrary());
        Assert.Equal(ElfPatchResult.Patched, ElfVersionNeedPatcher.MarkNeedWeak(image.ToArray(), Need, out var offsets));
        // vna_name sits 4 bytes after vna_flags.
        BitConverter.TryWriteBytes(image.AsSpan(offsets[0] + 4), uint.MaxValue);
        var corrupt = image.ToArray();

        Assert.Equal(ElfPatchResult.Malformed, ElfVersionNeedPatcher.MarkNeedWeak(image, Need, out var none));
        Assert.Empty(none);
        Assert.Equal(corrupt, image);
    }

    [Fact]
    public void FindsTheBaseLibStdCxxVersionOnTheHostButNotAnUnknownOne()
    {
        Assert.True(ElfVersionNeedPatcher.HostLibStdCxxProvides("GLIBCXX_3.4"));
        Assert.False(ElfVersionNeedPatcher.HostLibStdCxxProvides("GLIBCXX_99.0"));
    }

    [Fact]
    public void BuildLeavesTheTestOutputLibraryWithAWeakNeedWhereTheHostLacksIt()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var copy = CopyOf(File.ReadAllBytes(output));

        var result = ElfVersionNeedPatcher.MarkNeedWeak(copy, Need);

        // A second patch finds nothing to do exactly when the build already patched the output copy.
        var expected = ElfVersionNeedPatcher.HostLibStdCxxProvides(Need) == true
            ? ElfPatchResult.Patched
            : ElfPatchResult.AlreadyWeak;
        Assert.Equal(expected, result);
    }

    private string CopyOf(byte[] content)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.so");
        File.WriteAllBytes(path, content);
        return path;
    }

    // The unpatched library as restored, matched to the TorchSharp version the tests reference.
    private static string PackageLibrary()
    {
        var root = typeof(ElfVersionNeedPatcherTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value;
        Assert.False(string.IsNullOrEmpty(root), "NuGetPackageRoot was not recorded at build time");
        var version = typeof(torch).Assembly.GetName().Version!;
        var path = Path.Combine(
            root, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"unpatched TorchSharp library not found at {path}");
        return path;
    }

    // The SysV ELF hash that vna_hash holds (gABI, "Hash Table").
    private static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (var c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            var g = h & 0xf0000000;
            if (g != 0)
            {
                h ^= g >> 24;
            }

            h &= ~g;
        }

        return h;
    }

    // MSBuild can hard-link copy-local files to the NuGet cache (CreateHardLinksForCopyLocalIfPossible).
    [DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string created);
}
