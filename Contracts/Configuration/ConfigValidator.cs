using Microsoft.Extensions.Options;

namespace EdgeVision.Contracts.Configuration;

/// <summary>
/// Adapts a configuration's own <c>Validate(section)</c> to <see cref="IValidateOptions{TOptions}"/>, so
/// <c>ValidateOnStart()</c> stops a host at start with every bad key named.
/// </summary>
public sealed class ConfigValidator<TOptions>(string section, Func<TOptions, string, IReadOnlyList<string>> validate)
    : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = validate(options, section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
