using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EdgeVision.Tests.ServiceDefaults;

/// <summary>
/// A host exporting telemetry over OTLP (as every host does under Aspire, once a second) does not log its own exports:
/// they would be nearly every line of its log.
/// </summary>
public sealed class TelemetryExportLoggingTests
{
    [Fact]
    public async Task OtlpExportsAreNotLoggedOneByOne()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var exports = 0;
        var threeExports = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var collector = await StartCollectorAsync(() =>
        {
            if (Interlocked.Increment(ref exports) == 3)
            {
                threeExports.TrySetResult();
            }
        });

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFakeLogging();
        builder.AddServiceDefaults();
        using var host = builder.Build();
        await host.StartAsync(cancellation);
        await threeExports.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        await host.StopAsync(cancellation);

        var lines = host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var aboutExports = lines.Where(line => line.Category is { } category
            && (category.StartsWith("Polly", StringComparison.Ordinal) || category.StartsWith("System.Net.Http.HttpClient.Otlp", StringComparison.Ordinal)))
            .Select(line => $"{line.Category}: {line.Message}").ToList();
        Assert.Empty(aboutExports);
    }

    /// <summary>An OTLP/HTTP endpoint that accepts everything (an empty protobuf response is a valid one) and counts.</summary>
    private static async Task<WebApplication> StartCollectorAsync(Action onExport)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/{signal}", (HttpContext context) =>
        {
            onExport();
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
