using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EdgeVision.Broker.Security;

/// <summary>Checks MQTT credentials against <see cref="BrokerOptions.Users"/>.</summary>
internal sealed class BrokerAuthenticator
{
    private readonly FrozenDictionary<string, (byte[] Password, BrokerPrincipal Principal)> _users;

    public BrokerAuthenticator(IOptions<BrokerOptions> options)
    {
        _users = options.Value.Users.ToFrozenDictionary(
            user => user.Username,
            user => (Encoding.UTF8.GetBytes(user.Password), new BrokerPrincipal(user.Username, user.Role, user.Site, user.Camera)),
            StringComparer.Ordinal);
    }

    /// <summary>No accounts configured: every client is let in and the ACL is off.</summary>
    public bool IsAnonymous => _users.Count == 0;

    /// <summary>The principal for these credentials, or null when the user is unknown or the password wrong.</summary>
    public BrokerPrincipal? Authenticate(string? username, ReadOnlySpan<byte> password)
    {
        if (username is null || !_users.TryGetValue(username, out var user))
        {
            return null;
        }

        // Constant time, so response timing does not reveal how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(user.Password, password) ? user.Principal : null;
    }
}
