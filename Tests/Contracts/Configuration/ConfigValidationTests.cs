using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Tests.Contracts.Configuration;

public sealed class ConfigValidationTests
{
    public static TheoryData<string, Action<VideoConfig>> InvalidVideoConfigs => new()
    {
        { "Edge:Video:TargetWidth", c => c.TargetWidth = 0 },
        { "Edge:Video:TargetWidth", c => c.TargetWidth = 5000 },
        { "Edge:Video:TargetHeight", c => c.TargetHeight = -1 },
        { "Edge:Video:Fps", c => c.Fps = 0 },
        { "Edge:Video:Fps", c => c.Fps = double.NaN },
        { "Edge:Video:MaxFps", c => c.MaxFps = -3 },
        { "Edge:Video:MaxFps", c => { c.Fps = 30; c.MaxFps = 10; } },
        { "Edge:Video:SequenceLength", c => c.SequenceLength = 0 },
        { "Edge:Video:Stride", c => c.Stride = 0 },
        { "Edge:Video:Stride", c => c.Stride = 17 },
        { "Edge:Video:FrameSkip", c => c.FrameSkip = -1 },
        { "Edge:Video:BufferSize", c => c.BufferSize = 0 },
        { "Edge:Video:BatchSize", c => c.BatchSize = 0 },
        { "Edge:Video:Mean", c => c.Mean = [0.5, 0.5] },
        { "Edge:Video:Mean:1", c => c.Mean = [0.5, 1.5, 0.5] },
        { "Edge:Video:Std:2", c => c.Std = [0.2, 0.2, 0] },
        { "Edge:Video:Std:0", c => c.Std = [double.PositiveInfinity, 0.2, 0.2] },
    };

    [Theory]
    [MemberData(nameof(InvalidVideoConfigs))]
    public void InvalidVideoConfigNamesTheKey(string key, Action<VideoConfig> breakIt)
    {
        var config = new VideoConfig();
        breakIt(config);

        var error = Assert.Single(config.Validate("Edge:Video"));

        Assert.StartsWith(key + " ", error);
    }

    public static TheoryData<string, Action<InferenceConfig>> InvalidInferenceConfigs => new()
    {
        { "Silo:Inference:TargetLatencyMs", c => c.TargetLatencyMs = 0 },
        { "Silo:Inference:MaxLatencyMs", c => c.MaxLatencyMs = 50 },
        { "Silo:Inference:MaxLatencyMs", c => c.MaxLatencyMs = double.PositiveInfinity },
        { "Silo:Inference:TargetFps", c => c.TargetFps = -1 },
        { "Silo:Inference:MaxBatchSize", c => c.MaxBatchSize = 0 },
        { "Silo:Inference:MaxBatchSize", c => c.MaxBatchSize = 1000 },
    };

    [Theory]
    [MemberData(nameof(InvalidInferenceConfigs))]
    public void InvalidInferenceConfigNamesTheKey(string key, Action<InferenceConfig> breakIt)
    {
        var config = new InferenceConfig();
        breakIt(config);

        var error = Assert.Single(config.Validate("Silo:Inference"));

        Assert.StartsWith(key + " ", error);
    }

    public static TheoryData<string, Action<VideoModelConfig>> InvalidModelConfigs => new()
    {
        { "InputChannels", c => c.InputChannels = 0 },
        { "InputHeight", c => c.InputHeight = 4 },
        { "InputWidth", c => c.InputWidth = 99999 },
        { "SequenceLength", c => c.SequenceLength = 0 },
        { "HiddenDim", c => c.HiddenDim = 0 },
        { "NumLayers", c => c.NumLayers = 0 },
        { "Dropout", c => c.Dropout = 1.0 },
        { "Dropout", c => c.Dropout = -0.1 },
        { "NumClasses", c => c.NumClasses = 0 },
    };

    [Theory]
    [MemberData(nameof(InvalidModelConfigs))]
    public void InvalidModelConfigNamesThePropertyWhenNoSectionIsGiven(string key, Action<VideoModelConfig> breakIt)
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

        var errors = config.Validate("Edge:Video");

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Edge:Video:TargetWidth ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Edge:Video:SequenceLength ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Edge:Video:Std ", StringComparison.Ordinal));
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
