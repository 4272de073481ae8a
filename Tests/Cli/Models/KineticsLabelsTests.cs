using EdgeVision.Cli.Live;

namespace EdgeVision.Tests.Cli.Models;

public sealed class KineticsLabelsTests
{
    [Fact]
    public void ShipsTheFourHundredKineticsClassesInClassOrderWithTheirSourceNamed()
    {
        var path = Path.Combine(BenchmarkTestKit.RepositoryRoot(), "models", "labels", "kinetics400.txt");

        var labels = LabelFile.Read(path, 400);

        Assert.Equal(400, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(("abseiling", "air drumming", "zumba"), (labels[0], labels[1], labels[^1]));
        Assert.Contains(File.ReadLines(path).TakeWhile(l => l.StartsWith('#')), l => l.Contains("R3D_18_Weights.KINETICS400_V1", StringComparison.Ordinal));
    }
}
