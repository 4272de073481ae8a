using System.Diagnostics;
using System.Globalization;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// Debian's <c>mosquitto_pub</c> and <c>mosquitto_sub</c> run against a broker on loopback, with their own defaults
/// (MQTT 3.1.1, no client id) unless the test passes options: the clients Home Assistant and Node-RED users script with.
/// </summary>
internal static class MosquittoClients
{
    public const string Pub = "/usr/bin/mosquitto_pub";
    public const string Sub = "/usr/bin/mosquitto_sub";

    /// <summary>How long a client may take to connect, publish or receive before the test gives up on it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Publishes <paramref name="message"/> once, retained at QoS 1, and returns the exit code and standard error.</summary>
    public static Task<(int Exit, string Output, string Error)> PublishRetainedAsync(int port, string topic, string message, IEnumerable<string> options) =>
        RunAsync(Pub, [.. Connection(port), .. options, "-q", "1", "-r", "-t", topic, "-m", message]);

    /// <summary>
    /// Subscribes to <paramref name="topic"/> and returns after the first message (<c>-C 1</c>) or, when none comes,
    /// after mosquitto_sub's own timeout (<c>-W</c>, exit code 27).
    /// </summary>
    public static Task<(int Exit, string Output, string Error)> ReceiveOneAsync(int port, string topic, IEnumerable<string> options) =>
        RunAsync(Sub, [.. Connection(port), .. options, "-q", "1", "-C", "1", "-W", ((int)Patience.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-t", topic]);

    private static string[] Connection(int port) => ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)];

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Patience + TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }
}
