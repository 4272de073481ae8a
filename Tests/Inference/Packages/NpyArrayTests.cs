using System.Text;
using EdgeVision.Inference.Packages;
using EdgeVision.Tests.Inference.Checkpoints;

namespace EdgeVision.Tests.Inference.Packages;

public sealed class NpyArrayTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void ReadsAFloat32ArrayAsNumpySaveWritesIt()
    {
        var path = Write("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f), .. BitConverter.GetBytes(0f), .. BitConverter.GetBytes(3.25f)]);

        var array = NpyArray.Read(path);

        Assert.Equal([2L, 2L], array.Shape);
        Assert.Equal([1.5f, -2f, 0f, 3.25f], array.Floats!);
    }

    [Fact]
    public void ReadsAUint8Array()
    {
        var array = NpyArray.Read(Write("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", [7, 8, 9]));

        Assert.Equal([3L], array.Shape);
        Assert.Equal([7, 8, 9], array.Bytes!);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8, "'<f8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 4, "Fortran order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 4, "needs 8")]
    public void RefusesWhatItCannotReadSayingWhat(string header, int dataBytes, string reason)
    {
        var error = Assert.Throws<FormatException>(() => NpyArray.Read(Write(header, new byte[dataBytes])));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();

    private string Write(string header, byte[] data)
    {
        // numpy pads the header with spaces and a newline so the data starts on a multiple of 64.
        var padded = header.PadRight(64 - 10 - 1) + "\n";
        var path = directory.File($"{Guid.NewGuid():N}.npy");
        byte[] prefix = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)padded.Length, 0];
        File.WriteAllBytes(path, [.. prefix, .. Encoding.Latin1.GetBytes(padded), .. data]);
        return path;
    }
}
