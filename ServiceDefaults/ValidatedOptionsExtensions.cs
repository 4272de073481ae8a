using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Options binding with the guarantees EdgeVision promises: a bad value, or a key that names no setting, stops the host at
/// start with a message naming the key as the user wrote it (<c>Silo:Mqtt:Port must be between 1 and 65535 (was 0).</c>),
/// every problem at once; and what the configuration says is what the options hold.
/// </summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="sectionName"/> and validates it when the host starts: every key
    /// in the section must name a setting (a section bound by another registration, or a retired key, is left to that one), and
    /// <paramref name="validate"/>, the options' own <c>Validate(section)</c>, reports each bad value under its full key.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName,
        Func<TOptions, string, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(sectionName);
        ArgumentNullException.ThrowIfNull(validate);
        services.AddConfigurationClaim(sectionName);
        services.AddSingleton<IValidateOptions<TOptions>>(provider => new SectionValidator<TOptions>(sectionName, validate,
            provider.GetRequiredService<IConfiguration>(), provider.GetServices<ConfigurationLayoutExtensions.ConfigurationClaim>()));
        return services.AddOptions<TOptions>()
            .Configure<IConfiguration>((options, configuration) => BindSection(configuration.GetSection(sectionName), options))
            .ValidateOnStart();
    }

    /// <summary>
    /// Binds <paramref name="section"/> onto <paramref name="options"/>; a configured array replaces the default instead of
    /// being appended to it, which is what the stock binder does. A value of the wrong type throws, naming its key; keys that
    /// name no setting are <see cref="UnknownKeys"/>' to report.
    /// </summary>
    public static void BindSection<TOptions>(IConfigurationSection section, TOptions options) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        section.Bind(options);
        foreach (var property in typeof(TOptions).GetProperties())
        {
            if (property.PropertyType.IsArray && property.CanWrite
                && section.GetSection(property.Name).GetChildren().Any())
            {
                property.SetValue(options, section.GetSection(property.Name).Get(property.PropertyType));
            }
        }
    }

    /// <summary>
    /// A problem for every key under <paramref name="section"/> that names no setting of <paramref name="optionsType"/>, with its
    /// full path (<c>Silo:Mqtt:Hostname is not a setting: did you mean Silo:Mqtt:Host?</c>). Keys at or under
    /// <paramref name="ownedElsewhere"/> (sections other options bind) are not this section's to judge.
    /// </summary>
    public static IReadOnlyList<string> UnknownKeys(IConfigurationSection section, Type optionsType, IEnumerable<string>? ownedElsewhere = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        var owned = new HashSet<string>(ownedElsewhere ?? [], StringComparer.OrdinalIgnoreCase);
        owned.Remove(section.Path);
        var problems = new List<string>();
        ConfigurationKeys.Check(section, optionsType, owned, problems);
        return problems;
    }

    /// <summary>Reports unknown keys, then the options' own problems, as one failure of the section.</summary>
    private sealed class SectionValidator<TOptions>(string section, Func<TOptions, string, IReadOnlyList<string>> validate,
        IConfiguration configuration, IEnumerable<ConfigurationLayoutExtensions.ConfigurationClaim> claims) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var failures = UnknownKeys(configuration.GetSection(section), typeof(TOptions), claims.Select(claim => claim.Path))
                .Concat(validate(options, section))
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
