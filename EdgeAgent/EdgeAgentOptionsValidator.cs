using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using Microsoft.Extensions.Options;

namespace EdgeVision.EdgeAgent;

/// <summary>Reports every invalid <see cref="EdgeAgentOptions"/> value, each naming the configuration key to fix.</summary>
public sealed class EdgeAgentOptionsValidator : IValidateOptions<EdgeAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeAgentOptions options)
    {
        var errors = new ValidationErrors(EdgeAgentOptions.SectionName);
        if (Identifiers.Explain(options.Site) is { } site)
        {
            errors.Add(nameof(options.Site), $"{site} (--site sets it).");
        }

        if (Identifiers.Explain(options.Camera) is { } camera)
        {
            errors.Add(nameof(options.Camera), $"{camera} (--camera sets it).");
        }

        try
        {
            FrameSourceSpec.Parse(options.Source);
        }
        catch (FrameSourceException ex)
        {
            errors.Add(nameof(options.Source), $"is not usable: {ex.Message}");
        }

        if (options.Format is not (PixelFormat.Jpeg or PixelFormat.Rgb24))
        {
            errors.Add(nameof(options.Format), $"must be Jpeg or Rgb24 (was {options.Format}).");
        }

        errors.Range(nameof(options.JpegQuality), options.JpegQuality, 1, 100);
        if (!Enum.IsDefined(options.Interpolation))
        {
            errors.Add(nameof(options.Interpolation), $"must be one of {string.Join(", ", Enum.GetNames<ResizeInterpolation>())} (was {options.Interpolation}).");
        }

        errors.Range(nameof(options.SequenceBufferSize), options.SequenceBufferSize, 1, 1024);
        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
