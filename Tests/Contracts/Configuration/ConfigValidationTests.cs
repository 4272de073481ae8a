using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Tests.Contracts.Configuration;

public sealed class ConfigValidationTests
{
    public static TheoryData<string, Action<VideoConfig>> InvalidVideoConfigs => new()
    {
        { "Video:TargetWidth", c => c.TargetWidth = 0 },
        { "Video:TargetWidth", c => c.TargetWidth = 5000 },
        { "Video:TargetHeight", c => c.TargetHeight = -1 },
        { "Video:Fps", c => c.Fps = 0 },
        { "Video:Fps", c => c.Fps = double.NaN },
        { "Video:MaxFps", c => c.MaxFps = -3 },
        { "Video:MaxFps", c => { c.Fps = 30; c.MaxFps = 10; } },
        { "Video:SequenceLength", c => c.SequenceLength = 0 },
        { "Video:Stride", c => c.Stride = 0 },
        { "Video:Stride", c => c.Stride = 17 },
        { "Video:FrameSkip", c => c.FrameSkip = -1 },
        { "Video:BufferSize", c => c.BufferSize = 0 },
        { "Video:BatchSize", c => c.BatchSize = 0 },
        { "Video:Mean", c => c.Mean = [0.5, 0.5] },
        { "Video:Mean:1", c => c.Mean = [0.5, 1.5, 0.5] },
        { "Video:Std:2", c => c.Std = [0.2, 0.2, 0] },
        { "Video:Std:0", c => c.Std = [double.PositiveInfinity, 0.2, 0.2] },
    };

    [Theory]
    [MemberData(nameof(InvalidVideoConfigs))]
    public void InvalidVideoConfigNamesTheKey(string key, Action<VideoConfig> breakIt)
    {
        var config = new VideoConfig();
        breakIt(config);

        var error = Assert.Single(config.Validate());

        Assert.StartsWith(key + " ", error);
    }

    public static TheoryData<string, Action<InferenceConfig>> InvalidInferenceConfigs => new()
    {
        { "Inference:TargetLatencyMs", c => c.TargetLatencyMs = 0 },
        { "Inference:MaxLatencyMs", c => c.MaxLatencyMs = 50 },
        { "Inference:MaxLatencyMs", c => c.MaxLatencyMs = double.PositiveInfinity },
        { "Inference:TargetFps", c => c.TargetFps = -1 },
        { "Inference:MaxBatchSize", c => c.MaxBatchSize = 0 },
        { "Inference:MaxBatchSize", c => c.MaxBatchSize = 1000 },
    };

    [Theory]
    [MemberData(nameof(InvalidInferenceConfigs))]
    public void InvalidInferenceConfigNamesTheKey(string key, Action<InferenceConfig> breakIt)
    {
        var config = new InferenceConfig();
        breakIt(config);

        var error = Assert.Single(config.Validate());

        Assert.StartsWith(key + " ", error);
    }

    public static TheoryData<string, Action<VideoModelConfig>> InvalidModelConfigs => new()
    {
        { "Model:InputChannels", c => c.InputChannels = 0 },
        { "Model:InputHeight", c => c.InputHeight = 4 },
        { "Model:InputWidth", c => c.InputWidth = 99999 },
        { "Model:SequenceLength", c => c.SequenceLength = 0 },
        { "Model:HiddenDim", c => c.HiddenDim = 0 },
        { "Model:NumLayers", c => c.NumLayers = 0 },
        { "Model:Dropout", c => c.Dropout = 1.0 },
        { "Model:Dropout", c => c.Dropout = -0.1 },
        { "Model:NumClasses", c => c.NumClasses = 0 },
    };

    [Theory]
    [MemberData(nameof(InvalidModelConfigs))]
    public void InvalidModelConfigNamesTheKey(string key, Action<VideoModelConfig> breakIt)
    {
        var config = new VideoModelConfig();
        breakIt(config);

        var error = Assert.Single(config.Validate());

        Assert.StartsWith(key + " ", error);
    }

    [Fact]
    public void EveryInvalidFieldIsReportedAtOnce()
    {
        var config = new VideoConfig { TargetWidth = 0, SequenceLength = 0, Std = [1, 1] };

        var errors = config.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Video:TargetWidth ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Video:SequenceLength ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Video:Std ", StringComparison.Ordinal));
    }

    [Fact]
    public void ErrorsNameTheSectionTheCallerChose()
    {
        var config = new InferenceConfig { MaxBatchSize = 0 };

        var error = Assert.Single(config.Validate("Cameras:front-door:Inference"));

        Assert.StartsWith("Cameras:front-door:Inference:MaxBatchSize must be between 1 and 256 (was 0).", error);
    }

    [Fact]
    public void StrideEqualToSequenceLengthIsAllowedAndShorterOverlaps()
    {
        Assert.Empty(new VideoConfig { SequenceLength = 8, Stride = 8 }.Validate());
        Assert.Equal(4, new VideoConfig { SequenceLength = 8, Stride = 4 }.EffectiveStride);
    }
}
