using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdgeVision.Silo.Clustering;

/// <summary>
/// Stops a silo whose Redis (membership, camera storage) refuses its login, before Orleans starts: a password missing from
/// <c>Silo:Cluster:RedisConnectionString</c> (<c>NOAUTH</c>) or a wrong one (<c>WRONGPASS</c>) ends as invalid configuration
/// naming that key (exit code 2 under <c>RunOrExplain</c>), not as Orleans' start-up failure with a stack trace. A Redis
/// that cannot be reached is left to Orleans, which reports it itself. The message never carries the password.
/// </summary>
internal sealed class RedisLoginCheck(IOptions<SiloClusterOptions> cluster) : IHostedService
{
    private static readonly string Key = $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.RedisConnectionString)}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = cluster.Value;
        if (options.Mode != ClusteringMode.Redis && options.EffectiveCameraStorage != CameraStorageMode.Redis)
        {
            return;
        }

        var configuration = ConfigurationOptions.Parse(options.RedisConnectionString!);
        // One attempt: an unreachable Redis delays the start by one connect timeout, no more.
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 1;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException ex) when (ex.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            var server = string.Join(", ", configuration.EndPoints.Select(Describe));
            var says = (ex.InnerException ?? ex).Message;
            throw new OptionsValidationException(SiloClusterOptions.SectionName, typeof(SiloClusterOptions),
            [
                string.IsNullOrEmpty(configuration.Password)
                    ? $"{Key} has no password, and Redis at {server} asks for one ({says}): add ',password=...' to it."
                    : $"{Key} has a password that Redis at {server} refuses ({says}).",
            ]);
        }
        catch (RedisConnectionException)
        {
            // Not reachable (yet): Orleans' membership reports and retries it as it does without this check.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "?",
    };
}
