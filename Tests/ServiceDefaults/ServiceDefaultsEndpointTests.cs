using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace EdgeVision.Tests.ServiceDefaults;

public sealed class ServiceDefaultsEndpointTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpointsAnswerHealthyInProduction(string path)
    {
        await using var app = await StartAsync(Environments.Production);
        using var client = ClientOf(app);

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadinessReportsAFailingCheckWhileLivenessStaysUp()
    {
        await using var app = await StartAsync(Environments.Production,
            services => services.AddHealthChecks().AddCheck("mqtt", () => HealthCheckResult.Unhealthy("broker unreachable")));
        using var client = ClientOf(app);

        var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task ReadinessAnswersServiceUnavailableWhileACheckIsDegradedAndOkOnceItRecovers()
    {
        // A readiness probe reads the status code only: a silo not yet subscribed must not get traffic.
        var status = HealthStatus.Degraded;
        await using var app = await StartAsync(Environments.Production,
            services => services.AddHealthChecks().AddCheck("ingestion", () => new HealthCheckResult(status, "not subscribed yet")));
        using var client = ClientOf(app);

        using var degraded = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken);
        status = HealthStatus.Healthy;
        using var recovered = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);
        Assert.Equal("Degraded", await degraded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("Healthy", await recovered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PrometheusEndpointExportsEdgeVisionMeters()
    {
        await using var app = await StartAsync(Environments.Production);
        var meter = app.Services.GetRequiredService<IMeterFactory>().Create("EdgeVision.Probe");
        meter.CreateCounter<long>("edgevision.probe.frames", unit: "{frame}").Add(7);

        using var client = ClientOf(app);
        var body = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(body, @"edgevision_probe_frames_total\{otel_scope_name=""EdgeVision.Probe""\} 7\n"), body);
    }

    /// <summary>A real Kestrel listener on a free loopback port: the probes' requests go over TCP, as a kubelet's do.</summary>
    private static async Task<WebApplication> StartAsync(string environment, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static HttpClient ClientOf(WebApplication app) =>
        new() { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(10) };
}
