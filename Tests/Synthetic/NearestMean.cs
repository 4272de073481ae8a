using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Synthetic;

/// <summary>Nearest class mean on standardised features: a deliberately simple per-clip classifier.</summary>
internal static class NearestMean
{
    public static double Accuracy(SyntheticDataset train, SyntheticDataset test, Func<SyntheticClip, double[]> features)
    {
        var trainFeatures = train.Select(c => (Label: (int)c.Label, Features: features(c))).ToList();
        var dimensions = trainFeatures[0].Features.Length;
        var mean = Enumerable.Range(0, dimensions).Select(d => trainFeatures.Average(f => f.Features[d])).ToArray();
        var std = Enumerable.Range(0, dimensions)
            .Select(d => Math.Sqrt(trainFeatures.Average(f => Math.Pow(f.Features[d] - mean[d], 2))) + 1e-9).ToArray();
        double[] Standardise(double[] x) => [.. x.Select((v, d) => (v - mean[d]) / std[d])];
        var centroids = Enumerable.Range(0, ActionClasses.Count)
            .Select(c => trainFeatures.Where(f => f.Label == c).Select(f => Standardise(f.Features)).ToList())
            .Select(rows => Enumerable.Range(0, dimensions).Select(d => rows.Average(r => r[d])).ToArray())
            .ToList();

        var correct = test.Count(clip =>
        {
            var x = Standardise(features(clip));
            var predicted = Enumerable.Range(0, centroids.Count)
                .MinBy(c => centroids[c].Zip(x).Sum(pair => Math.Pow(pair.First - pair.Second, 2)));
            return predicted == (int)clip.Label;
        });
        return (double)correct / test.Count;
    }
}
