using System.Net;
using System.Net.Sockets;

namespace EdgeVision.Testing;

/// <summary>Loopback ports for servers started by tests and benchmarks.</summary>
public static class LoopbackPort
{
    /// <summary>A loopback port nothing listens on right now (the system's choice of a free ephemeral port).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><paramref name="count"/> distinct free loopback ports: all are held open together while they are chosen.</summary>
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
