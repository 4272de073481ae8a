using System.Net;
using EdgeVision.Contracts.Topics;
using Microsoft.Extensions.Options;

namespace EdgeVision.Broker;

/// <summary>Reports every invalid <see cref="BrokerOptions"/> value, each naming the configuration key to fix.</summary>
internal sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    private const string Section = BrokerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        var failures = new List<string>();

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"{Section}:{nameof(options.BindAddress)} must be an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0 (was '{options.BindAddress}')");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Section}:{nameof(options.Port)} must be between 0 (pick a free port) and {IPEndPoint.MaxPort} (was {options.Port})");
        }

        if (options.MaxPendingMessagesPerClient < 1)
        {
            failures.Add($"{Section}:{nameof(options.MaxPendingMessagesPerClient)} must be at least 1 (was {options.MaxPendingMessagesPerClient})");
        }

        if (options.MaxSessionExpirySeconds is < 1 or > BrokerOptions.MaxSessionExpiryLimitSeconds)
        {
            failures.Add($"{Section}:{nameof(options.MaxSessionExpirySeconds)} must be between 1 and {BrokerOptions.MaxSessionExpiryLimitSeconds} seconds (30 days) (was {options.MaxSessionExpirySeconds})");
        }

        if (options.MaxMessageSize is < 1024 or > BrokerOptions.MqttMaxPacketSize)
        {
            failures.Add($"{Section}:{nameof(options.MaxMessageSize)} must be between 1024 and {BrokerOptions.MqttMaxPacketSize} bytes (was {options.MaxMessageSize})");
        }

        ValidateUsers(options.Users, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUsers(List<BrokerUser> users, List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            var key = $"{Section}:{nameof(BrokerOptions.Users)}:{i}";

            if (string.IsNullOrWhiteSpace(user.Username))
            {
                failures.Add($"{key}:{nameof(user.Username)} must not be empty");
            }
            else if (!seen.Add(user.Username))
            {
                failures.Add($"{key}:{nameof(user.Username)} '{user.Username}' is configured more than once");
            }

            if (string.IsNullOrEmpty(user.Password))
            {
                failures.Add($"{key}:{nameof(user.Password)} must not be empty");
            }

            if (user.Role == BrokerRole.Unspecified || !Enum.IsDefined(user.Role))
            {
                failures.Add($"{key}:{nameof(user.Role)} must be one of Camera, Silo, Subscriber, Admin (was '{user.Role}')");
            }

            if (user.Role == BrokerRole.Camera)
            {
                if (Identifiers.Explain(user.Site) is { } siteProblem)
                {
                    failures.Add($"{key}:{nameof(user.Site)} {siteProblem}: a camera account owns one site's camera");
                }

                if (Identifiers.Explain(user.Camera) is { } cameraProblem)
                {
                    failures.Add($"{key}:{nameof(user.Camera)} {cameraProblem}: a camera account owns one camera");
                }
            }
            else if (user.Site is not null || user.Camera is not null)
            {
                // A silo with a camera set looks scoped but is not: refuse the ambiguity.
                failures.Add($"{key}:{nameof(user.Site)}/{nameof(user.Camera)} apply to Camera accounts only (role is {user.Role})");
            }
        }
    }
}
