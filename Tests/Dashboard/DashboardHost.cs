using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeVision.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// The dashboard as its <c>Program.cs</c> composes it, on a real Kestrel listener on a free loopback port, reading only
/// the settings given (no appsettings.json or environment from the test's directory).
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private DashboardHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Settings for a dashboard that reconnects quickly to the broker on <paramref name="brokerPort"/>.</summary>
    public static Dictionary<string, string?> Settings(int brokerPort, string? username = null, string? password = null) => new()
    {
        ["Dashboard:Mqtt:Host"] = "127.0.0.1",
        ["Dashboard:Mqtt:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
        ["Dashboard:Mqtt:Username"] = username,
        ["Dashboard:Mqtt:Password"] = password,
        ["Dashboard:Mqtt:ReconnectMinDelaySeconds"] = "0.05",
        ["Dashboard:Mqtt:ReconnectMaxDelaySeconds"] = "0.25",
        ["Dashboard:RefreshIntervalSeconds"] = "0.25",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <param name="time">The Dashboard's clock; the system's when null.</param>
    public static async Task<DashboardHost> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var app = Build(settings, time);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new DashboardHost(app, new Uri(app.Urls.Single()));
    }

    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardOptions).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddDashboard();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapDashboard();
        return app;
    }

    public async Task<JsonElement> CamerasAsync(CancellationToken cancellationToken) =>
        await Client.GetFromJsonAsync<JsonElement>(DashboardHostingExtensions.CamerasApiPath, cancellationToken);

    /// <summary>
    /// Polls <c>/api/cameras</c> until <paramref name="condition"/> holds; fails with the last response after
    /// <paramref name="timeout"/> (10 s by default). The dashboard has no other signal a client can wait on.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        var last = default(JsonElement);
        try
        {
            while (true)
            {
                last = await CamerasAsync(deadline.Token);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The dashboard did not reach the expected state in time; last /api/cameras: {last}");
            throw;
        }
    }

    public static JsonElement? Camera(JsonElement snapshot, string camera) =>
        snapshot.GetProperty("cameras").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(c => c!.Value.GetProperty("camera").GetString() == camera);

    public static bool Connected(JsonElement snapshot) => snapshot.GetProperty("broker").GetProperty("connected").GetBoolean();

    /// <summary>Stops the dashboard; a second call does nothing (tests stop it early to see the page notice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
