using TorchSharp;

namespace EdgeVision.Tests.Native;

// Proves libtorch and libLibTorchSharp load and compute inside `dotnet test` (on Debian 12 only after the
// build marked the GLIBCXX_3.4.32 need weak, see build/TorchSharpNative.targets).
public sealed class TorchSharpNativeTests
{
    [Fact]
    public void MultipliesMatricesOnTheCpuWithLibTorch()
    {
        using var scope = torch.NewDisposeScope();
        var left = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);
        var right = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }).reshape(3, 2);

        var product = torch.matmul(left, right);

        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, product.data<float>().ToArray());
        Assert.Equal(DeviceType.CPU, product.device_type);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"libtorch {torch.__version__}, device {product.device}, CUDA available: {torch.cuda.is_available()}");
    }

    [Fact]
    public void ConvolvesAnImageWithAKernelOfOnesIntoWindowSums()
    {
        using var scope = torch.NewDisposeScope();
        // One 3x3 image holding 1..9 (batch, channel, height, width).
        var image = torch.arange(1, 10, dtype: torch.float32).reshape(1, 1, 3, 3);
        var kernel = torch.ones(1, 1, 2, 2);

        var sums = torch.nn.functional.conv2d(image, kernel);

        Assert.Equal(new long[] { 1, 1, 2, 2 }, sums.shape);
        Assert.Equal(new float[] { 12, 16, 24, 28 }, sums.data<float>().ToArray());
    }

    [Fact]
    public void ReleasesEveryTensorOfAComputationWithItsDisposeScope()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (torch.NewDisposeScope())
        {
            var values = torch.rand(4, 4);
            var total = (values + 1).sum();
            Assert.InRange(total.item<float>(), 16f, 32f);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
