using EdgeVision.Dashboard;
using EdgeVision.Dashboard.Assets;
using EdgeVision.Dashboard.Cluster;
using EdgeVision.Dashboard.Mqtt;
using EdgeVision.Dashboard.Pages;
using EdgeVision.Dashboard.State;
using EdgeVision.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers and maps the dashboard: MQTT subscriber, per-camera store, page, JSON API and assets.</summary>
public static class DashboardHostingExtensions
{
    public const string CamerasApiPath = "/api/cameras";

    public const string TimelineApiPath = "/api/cameras/{site}/{camera}/timeline";

    public const string PreviewPath = "/cameras/{site}/{camera}/preview.jpg";

    public const string ClusterApiPath = "/api/cluster";

    /// <summary>Where the preview of <paramref name="site"/>/<paramref name="camera"/> at <paramref name="version"/> is served.</summary>
    public static string PreviewUrl(string site, string camera, long version) =>
        $"/cameras/{Uri.EscapeDataString(site)}/{Uri.EscapeDataString(camera)}/preview.jpg?v={version}";

    /// <summary>
    /// <see cref="DashboardOptions"/> from the <c>Dashboard</c> section (validated at start), the store, the MQTT
    /// subscriber as a hosted service, the <c>EdgeVision.Dashboard</c> meter, the <c>dashboard-broker</c> health check
    /// and Razor Pages.
    /// </summary>
    public static TBuilder AddDashboard<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddValidatedOptions<DashboardOptions>(DashboardOptions.SectionName, static (options, section) => options.Validate(section));
        services.AddRetiredConfiguration($"{DashboardOptions.SectionName}:RefreshIntervalMs", $"{DashboardOptions.SectionName}:{nameof(DashboardOptions.RefreshIntervalSeconds)}",
            "in seconds: 1000 ms is 1");
        foreach (var (old, renamed) in MqttConnectionOptions.RenamedKeys)
        {
            services.AddRetiredConfiguration($"{DashboardOptions.SectionName}:{nameof(DashboardOptions.Mqtt)}:{old}",
                $"{DashboardOptions.SectionName}:{nameof(DashboardOptions.Mqtt)}:{renamed}");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<DashboardInstruments>();
        services.TryAddSingleton<CameraStore>();
        services.TryAddSingleton<SiloStore>();
        services.TryAddSingleton<MessageStats>();
        services.TryAddSingleton<BrokerConnectionState>();
        services.TryAddSingleton<DashboardMessageHandler>();
        services.TryAddSingleton<DashboardSnapshotSource>();
        services.AddHostedService<DashboardSubscriber>();
        services.AddHealthChecks().AddCheck<DashboardHealthCheck>(DashboardHealthCheck.Name);
        services.AddRazorPages().ConfigureApplicationPartManager(AddOwnPages);
        return builder;
    }

    /// <summary>
    /// Maps the pages (<c>/</c>, <c>/cameras/{site}/{camera}</c>, <c>/cluster</c>), <c>/api/cameras</c>, each camera's timeline and
    /// preview, <c>/api/cluster</c> and the embedded stylesheets and scripts.
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet(CamerasApiPath, (DashboardSnapshotSource source) => TypedResults.Ok(source.Take()));
        app.MapGet(TimelineApiPath, Results<Ok<CameraTimelineSnapshot>, NotFound> (string site, string camera, CameraStore store, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return store.Timeline(new CameraId(site, camera)) is { } timeline ? TypedResults.Ok(timeline) : TypedResults.NotFound();
        });
        app.MapGet(PreviewPath, ServePreview);
        app.MapGet(ClusterApiPath, (SiloStore silos, DashboardSnapshotSource source, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(ClusterView.Of(silos.Snapshot(), source.Take()));
        });
        app.MapEmbeddedAssets();
        return app;
    }

    /// <summary>
    /// The camera's latest preview from memory. Pages ask for <c>?v={version}</c>: while that is the version held, the answer
    /// never changes and may be cached for good; any other URL is revalidated each time (its entity tag is the version, so an
    /// unchanged preview costs a 304).
    /// </summary>
    private static IResult ServePreview(string site, string camera, long? v, CameraStore store, HttpContext context)
    {
        if (store.Preview(new CameraId(site, camera)) is not { } preview)
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = v == preview.Version ? "private, max-age=31536000, immutable" : "no-cache";
        headers.ETag = preview.ETag;
        headers.LastModified = preview.ReceivedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Headers.IfNoneMatch.Contains(preview.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(preview.Jpeg, "image/jpeg");
    }

    // The pages live in this assembly, which is the entry assembly only when the dashboard runs on its own; a host
    // built around it (tests, another process) gets them added here, once.
    private static void AddOwnPages(ApplicationPartManager manager)
    {
        var assembly = typeof(DashboardOptions).Assembly;
        if (manager.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            manager.ApplicationParts.Add(part);
        }
    }
}
