using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Tests.Contracts.Configuration;

/// <summary>The defaults are the guide's (reference/video-streaming-guide.md), value for value.</summary>
public sealed class ConfigDefaultsTests
{
    [Fact]
    public void VideoConfigDefaultsAreTheGuides()
    {
        var config = new VideoConfig();

        Assert.Equal(224, config.TargetWidth);
        Assert.Equal(224, config.TargetHeight);
        Assert.Equal(30.0, config.Fps);
        Assert.Equal(16, config.SequenceLength);
        Assert.Equal(0, config.FrameSkip);
        Assert.Equal(64, config.BufferSize);
        Assert.Equal(8, config.BatchSize);
        Assert.True(config.Normalize);
        Assert.Equal([0.485, 0.456, 0.406], config.Mean);
        Assert.Equal([0.229, 0.224, 0.225], config.Std);
        Assert.Null(config.MaxFps);
        Assert.Equal(config.SequenceLength, config.EffectiveStride);
        Assert.Empty(config.Validate());
    }

    [Fact]
    public void InferenceConfigDefaultsAreTheGuides()
    {
        var config = new InferenceConfig();

        Assert.Equal(100.0, config.TargetLatencyMs);
        Assert.Equal(200.0, config.MaxLatencyMs);
        Assert.Equal(15.0, config.TargetFps);
        Assert.True(config.EnableAdaptiveResolution);
        Assert.True(config.EnableFrameSkipping);
        Assert.True(config.EnableBatching);
        Assert.Equal(4, config.MaxBatchSize);
        Assert.Empty(config.Validate());
    }

    [Fact]
    public void VideoModelConfigDefaultsAreTheGuides()
    {
        var config = new VideoModelConfig();

        Assert.Equal(3, config.InputChannels);
        Assert.Equal(224, config.InputHeight);
        Assert.Equal(224, config.InputWidth);
        Assert.Equal(16, config.SequenceLength);
        Assert.Equal(256, config.HiddenDim);
        Assert.Equal(2, config.NumLayers);
        Assert.Equal(0.1, config.Dropout);
        Assert.Equal(1000, config.NumClasses);
        Assert.Empty(config.Validate());
    }

    [Fact]
    public void MaxLatencyDefaultLeavesHeadroomAboveTarget()
    {
        var config = new InferenceConfig();

        Assert.True(config.MaxLatencyMs > config.TargetLatencyMs);
    }
}
