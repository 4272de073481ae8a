using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Options binding with the two guarantees EdgeVision promises: a bad value stops the host at start with a
/// message naming its key, and what the configuration says is what the options hold.
/// </summary>
public static class ValidatedOptionsExtensions
{
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, string sectionName, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(validator);
        return BindValidated<TOptions>(services, sectionName);
    }

    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services, string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return BindValidated<TOptions>(services, sectionName);
    }

    private static OptionsBuilder<TOptions> BindValidated<TOptions>(IServiceCollection services, string sectionName)
        where TOptions : class =>
        services.AddOptions<TOptions>()
            .Configure<IConfiguration>((options, configuration) => BindSection(configuration.GetSection(sectionName), options))
            .ValidateOnStart();

    /// <summary>
    /// Binds <paramref name="section"/> onto <paramref name="options"/>. A key that names no property is an
    /// error (a typo would otherwise be ignored silently), and a configured array replaces the default
    /// instead of being appended to it, which is what the stock binder does.
    /// </summary>
    public static void BindSection<TOptions>(IConfigurationSection section, TOptions options) where TOptions : class
    {
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        foreach (var property in typeof(TOptions).GetProperties())
        {
            if (property.PropertyType.IsArray && property.CanWrite
                && section.GetSection(property.Name).GetChildren().Any())
            {
                property.SetValue(options, section.GetSection(property.Name).Get(property.PropertyType));
            }
        }
    }
}
