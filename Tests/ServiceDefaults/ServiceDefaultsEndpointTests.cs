using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
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

        var response = await app.GetTestClient().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadinessReportsAFailingCheckWhileLivenessStaysUp()
    {
        await using var app = await StartAsync(Environments.Production,
            services => services.AddHealthChecks().AddCheck("mqtt", () => HealthCheckResult.Unhealthy("broker unreachable")));
        var client = app.GetTestClient();

        var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task PrometheusEndpointExportsEdgeVisionMeters()
    {
        await using var app = await StartAsync(Environments.Production);
        var meter = app.Services.GetRequiredService<IMeterFactory>().Create("EdgeVision.Probe");
        meter.CreateCounter<long>("edgevision.probe.frames", unit: "{frame}").Add(7);

        var body = await app.GetTestClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(body, @"edgevision_probe_frames_total\{otel_scope_name=""EdgeVision.Probe""\} 7\n"), body);
    }

    private static async Task<WebApplication> StartAsync(string environment, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
