using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>How every EdgeVision process runs its host and ends.</summary>
public static class HostRunExtensions
{
    /// <summary>Exit code of a process stopped at start by invalid configuration.</summary>
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>
    /// Runs <paramref name="host"/> until it stops; 0 then. Invalid configuration (options validated at start, each failure
    /// naming its key, in one section or several; or a value of the wrong type) ends the process with <see cref="InvalidConfigurationExitCode"/> and the failures on standard error,
    /// rather than as an unhandled exception (an abort, exit code 134, with a stack trace after the message).
    /// </summary>
    public static int RunOrExplain(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            // The host validates options only after it has built its hosted services, and one whose constructor reads
            // invalid options would report that section alone: validate every section first, so each bad key is named.
            host.Services.GetService<IStartupValidator>()?.Validate();
            host.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("Invalid configuration: " + string.Join(" ", ex.Failures));
            return InvalidConfigurationExitCode;
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // Several sections invalid at once: the start-up validation reports each section's failures together.
            var failures = ex.Flatten().InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures);
            Console.Error.WriteLine("Invalid configuration: " + string.Join(" ", failures));
            return InvalidConfigurationExitCode;
        }
        catch (InvalidOperationException ex) when (ex.TargetSite?.DeclaringType?.FullName == "Microsoft.Extensions.Configuration.ConfigurationBinder")
        {
            // The binder's own refusals: a key that names no setting, a value of the wrong type.
            Console.Error.WriteLine("Invalid configuration: " + ex.Message);
            return InvalidConfigurationExitCode;
        }
    }
}
