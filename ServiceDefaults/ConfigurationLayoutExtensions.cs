using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The shape of a host's configuration beyond each options section: a root whose every child must be a section some
/// options bind (<c>Silo</c>), and keys that moved (<c>Inference</c> to <c>Silo:Inference</c>), so that a key under an old
/// name stops the host at start naming the new one rather than being ignored. Checked with the options, when the host starts.
/// </summary>
public static class ConfigurationLayoutExtensions
{
    /// <summary>
    /// Every child of <paramref name="root"/> must be a section bound by <see cref="ValidatedOptionsExtensions.AddValidatedOptions{TOptions}"/>:
    /// <c>Silo:Mqt</c> stops the host naming <c>Silo:Mqtt</c>.
    /// </summary>
    public static IServiceCollection AddConfigurationRoot(this IServiceCollection services, string root)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(root);
        services.AddLayoutCheck();
        services.AddSingleton(new ConfigurationRoot(root));
        return services;
    }

    /// <summary>
    /// A key or section that moved from <paramref name="oldPath"/> to <paramref name="newPath"/>: any key at or under the old
    /// path stops the host, naming where it goes now (<c>Mqtt:Host has moved to Edge:Mqtt:Host.</c>), with
    /// <paramref name="note"/> when the value must change too (a new unit).
    /// </summary>
    public static IServiceCollection AddRetiredConfiguration(this IServiceCollection services, string oldPath, string newPath, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(oldPath);
        ArgumentException.ThrowIfNullOrEmpty(newPath);
        services.AddConfigurationClaim(oldPath);
        services.AddSingleton(new RetiredConfiguration(oldPath, newPath, note));
        return services;
    }

    /// <summary>Leaves the keys at and under <paramref name="path"/> to one check: the options or the retirement registered for it.</summary>
    internal static void AddConfigurationClaim(this IServiceCollection services, string path)
    {
        services.AddLayoutCheck();
        services.AddSingleton(new ConfigurationClaim(path));
    }

    private static void AddLayoutCheck(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfigurationLayout>, ConfigurationLayoutValidator>());
        services.AddOptions<ConfigurationLayout>().ValidateOnStart();
    }

    /// <summary>Reports keys under old names and sections of a root that nothing binds.</summary>
    private sealed class ConfigurationLayoutValidator(IConfiguration configuration, IEnumerable<ConfigurationRoot> roots,
        IEnumerable<RetiredConfiguration> retired, IEnumerable<ConfigurationClaim> claims) : IValidateOptions<ConfigurationLayout>
    {
        private readonly List<RetiredConfiguration> _retired = [.. retired];

        public ValidateOptionsResult Validate(string? name, ConfigurationLayout options)
        {
            var failures = new List<string>();
            foreach (var retirement in _retired)
            {
                var section = configuration.GetSection(retirement.OldPath);
                foreach (var (path, _) in section.AsEnumerable().Where(pair => pair.Value is not null).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    var (newPath, notes) = Resolve(path);
                    failures.Add($"{path} has moved to {newPath}{string.Concat(notes.Select(note => $" ({note})"))}.");
                }
            }

            var claimed = new HashSet<string>(claims.Select(claim => claim.Path), StringComparer.OrdinalIgnoreCase);
            foreach (var root in roots.Select(root => root.Path).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var sections = claimed.Where(path => IsChildOf(path, root) && !_retired.Any(r => r.OldPath.Equals(path, StringComparison.OrdinalIgnoreCase)))
                    .Select(path => path[(root.Length + 1)..]).ToList();
                foreach (var child in configuration.GetSection(root).GetChildren().Where(child => !claimed.Contains(child.Path)))
                {
                    failures.Add(ConfigurationKeys.NotASetting(child.Path, root, sections, $"is not a section of {root}"));
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        /// <summary>Where <paramref name="path"/> lives now, following one move after another (a section moved, then a key in it renamed).</summary>
        private (string Path, List<string> Notes) Resolve(string path)
        {
            var notes = new List<string>();
            for (var moves = 0; moves < 8; moves++)
            {
                var retirement = _retired.Where(r => path.Equals(r.OldPath, StringComparison.OrdinalIgnoreCase)
                        || path.StartsWith(r.OldPath + ":", StringComparison.OrdinalIgnoreCase))
                    .MaxBy(r => r.OldPath.Length);
                if (retirement is null)
                {
                    break;
                }

                path = retirement.NewPath + path[retirement.OldPath.Length..];
                if (retirement.Note is { } note)
                {
                    notes.Add(note);
                }
            }

            return (path, notes);
        }

        private static bool IsChildOf(string path, string root) =>
            path.Length > root.Length + 1 && path.StartsWith(root + ":", StringComparison.OrdinalIgnoreCase)
            && !path[(root.Length + 1)..].Contains(':', StringComparison.Ordinal);
    }

    /// <summary>Nothing to bind: the configuration's shape, validated at start by the checks above.</summary>
    internal sealed class ConfigurationLayout;

    /// <summary>A path whose keys one registration checks: an options section or a retired key.</summary>
    internal sealed record ConfigurationClaim(string Path);

    internal sealed record ConfigurationRoot(string Path);

    internal sealed record RetiredConfiguration(string OldPath, string NewPath, string? Note);
}
