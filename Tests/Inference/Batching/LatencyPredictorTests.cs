using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Inference.Batching;

public sealed class LatencyPredictorTests
{
    private static readonly BatchKey Key = new("tiny", 4, 3, 32, 32);

    [Fact]
    public void PredictsTheConfiguredPriorBeforeAnyObservation()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions { PriorFixedMs = 20, PriorPerSequenceMs = 10 });

        Assert.Equal(TimeSpan.FromMilliseconds(30), predictor.Predict(Key, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(60), predictor.Predict(Key, 4));
    }

    [Fact]
    public void ConvergesToTheObservedTimeOfABatchSizeAndFollowsAChange()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions());
        var random = new Random(3);

        for (var i = 0; i < 200; i++)
        {
            predictor.Observe(Key, 2, TimeSpan.FromMilliseconds(30 + ((random.NextDouble() - 0.5) * 6)));
        }

        // Mean 30 ms plus one mean absolute deviation (about 1.5 ms for uniform +-3 ms noise).
        Assert.InRange(predictor.Predict(Key, 2).TotalMilliseconds, 28.5, 34.0);

        for (var i = 0; i < 40; i++)
        {
            predictor.Observe(Key, 2, TimeSpan.FromMilliseconds(60));
        }

        Assert.InRange(predictor.Predict(Key, 2).TotalMilliseconds, 59.0, 61.0);
        Assert.Equal(240, predictor.Observations(Key, 2));
    }

    [Fact]
    public void ReadsUnobservedBatchSizesOffALineThroughTheObservedOnes()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions());
        predictor.Observe(Key, 1, TimeSpan.FromMilliseconds(12));
        predictor.Observe(Key, 4, TimeSpan.FromMilliseconds(30));

        Assert.Equal(18.0, predictor.Predict(Key, 2).TotalMilliseconds, 3);
        Assert.Equal(54.0, predictor.Predict(Key, 8).TotalMilliseconds, 3);
    }

    [Fact]
    public void ScalesASingleObservedSizeUpButNeverBelowItsOwnTime()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions());
        predictor.Observe(Key, 2, TimeSpan.FromMilliseconds(20));

        Assert.Equal(40.0, predictor.Predict(Key, 4).TotalMilliseconds, 3);
        Assert.Equal(20.0, predictor.Predict(Key, 1).TotalMilliseconds, 3);
    }

    [Fact]
    public void KeepsModelsAndShapesApart()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions { PriorFixedMs = 5, PriorPerSequenceMs = 0 });
        predictor.Observe(Key, 1, TimeSpan.FromMilliseconds(100));

        Assert.Equal(TimeSpan.FromMilliseconds(5), predictor.Predict(Key with { Height = 24, Width = 24 }, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(5), predictor.Predict(Key with { ModelKey = "other" }, 1));
    }

    [Fact]
    public void RejectsInvalidOptionsNamingEachKey()
    {
        var options = new InferenceEngineOptions { MaxPendingRequests = 0, PredictorSmoothing = 2, PriorFixedMs = -1, ProbeAfterMs = 60_000 };

        var error = Assert.Throws<ArgumentException>(() => new LatencyPredictor(options));

        Assert.Contains("MaxPendingRequests must be between 1", error.Message);
        Assert.Contains("PredictorSmoothing", error.Message);
        Assert.Contains("PriorFixedMs", error.Message);
        Assert.Contains("ProbeAfterMs must be between 0 and 10000", error.Message);
    }

    [Fact]
    public void ExpectsTheMeanOfAnObservedBatchSizeWithoutTheDeviationsAndNothingForOthers()
    {
        var predictor = new LatencyPredictor(new InferenceEngineOptions { PredictorDeviations = 2 });
        predictor.Observe(Key, 2, TimeSpan.FromMilliseconds(40));
        predictor.Observe(Key, 2, TimeSpan.FromMilliseconds(60));

        Assert.Equal(50.0, predictor.Expected(Key, 2)!.Value.TotalMilliseconds, 3);
        Assert.Equal(70.0, predictor.Predict(Key, 2).TotalMilliseconds, 3);
        Assert.Null(predictor.Expected(Key, 1));
        Assert.Null(predictor.Expected(Key with { ModelKey = "other" }, 2));
    }
}
