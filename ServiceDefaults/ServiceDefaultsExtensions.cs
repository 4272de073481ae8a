using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every EdgeVision host shares (the Aspire ServiceDefaults convention): OpenTelemetry metrics, traces
/// and logs (OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), a Prometheus scraping endpoint, health
/// checks, service discovery and HTTP resilience.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Meters of every EdgeVision component start with this prefix.</summary>
    public const string MeterPrefix = "EdgeVision";

    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";

    private const string LiveTag = "live";

    /// <summary>The named HTTP clients OpenTelemetry's OTLP exporter asks IHttpClientFactory for.</summary>
    internal static readonly string[] OtlpExporterHttpClientNames = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // The OTLP exporter sends through these IHttpClientFactory clients, so the defaults above would wrap every
        // export (once a second per signal under Aspire) in the retry pipeline, and Polly and the client logger would
        // log each at Information: nearly every line of a host's log, and then exported again. A failed export is
        // dropped and the next one follows (metrics are cumulative); retrying it only holds the exporter back.
        // RemoveAllResilienceHandlers is marked for evaluation (EXTEXP0001); it is the package's one way to take the
        // defaults off a named client, and a test covers what it does here.
        foreach (var name in OtlpExporterHttpClientNames)
        {
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient(name).RemoveAllResilienceHandlers().RemoveAllLoggers();
#pragma warning restore EXTEXP0001
        }

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{MeterPrefix}.*", "Microsoft.Orleans")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, $"{MeterPrefix}.*", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes and scrapes would drown the traces that matter.
                    options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check: readiness), <c>/alive</c> (liveness checks only) and
    /// <c>/metrics</c> (Prometheus). Mapped in every environment: Kubernetes probes need them in production.
    /// </summary>
    /// <remarks>
    /// <c>/health</c> answers 200 only when every check is Healthy: Degraded (a silo not yet subscribed, an agent
    /// whose broker is away) answers 503 like Unhealthy, since a readiness probe, Aspire's <c>WaitFor</c> and a
    /// load balancer read the status code, not the body. <c>/alive</c> keeps ASP.NET Core's codes (Degraded is 200):
    /// a degraded process is waiting for something outside it, and restarting it would not help. The body is the
    /// status name either way.
    /// </remarks>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        return app;
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(MetricsEndpointPath);
}
