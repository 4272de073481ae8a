using System.Globalization;

namespace EdgeVision.Mqtt;

/// <summary>The broker as users write it on a command line: <c>host</c>, <c>host:port</c> or <c>[v6]:port</c>.</summary>
public static class BrokerAddress
{
    /// <summary>The host and the port as written (null when none is); the port is not checked.</summary>
    public static (string Host, string? Port) Split(string broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        if (broker.StartsWith('['))
        {
            var close = broker.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? (broker, null)
                : (broker[1..close], close + 1 < broker.Length && broker[close + 1] == ':' ? broker[(close + 2)..] : null);
        }

        var colon = broker.LastIndexOf(':');
        return colon < 0 || broker.IndexOf(':', StringComparison.Ordinal) != colon ? (broker, null) : (broker[..colon], broker[(colon + 1)..]);
    }

    /// <summary>The host and port, <paramref name="defaultPort"/> when none is written; the port is null when it is not a number from 1 to 65535.</summary>
    public static (string Host, int? Port) Parse(string broker, int defaultPort)
    {
        var (host, port) = Split(broker);
        if (port is null)
        {
            return (host, defaultPort);
        }

        return (host, int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535 ? number : null);
    }

    /// <summary><c>host:port</c>, with an IPv6 address in brackets.</summary>
    public static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
}
