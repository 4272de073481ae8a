using EdgeVision.Dashboard;
using EdgeVision.Dashboard.Assets;
using EdgeVision.Dashboard.Mqtt;
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
        services.TryAddSingleton<MessageStats>();
        services.TryAddSingleton<BrokerConnectionState>();
        services.TryAddSingleton<DashboardMessageHandler>();
        services.TryAddSingleton<DashboardSnapshotSource>();
        services.AddHostedService<DashboardSubscriber>();
        services.AddHealthChecks().AddCheck<DashboardHealthCheck>(DashboardHealthCheck.Name);
        services.AddRazorPages().ConfigureApplicationPartManager(AddOwnPages);
        return builder;
    }

    /// <summary>Maps the pages (<c>/</c>, <c>/cameras/{site}/{camera}</c>), <c>/api/cameras</c>, each camera's timeline and the embedded stylesheet and script.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet(CamerasApiPath, (DashboardSnapshotSource source) => TypedResults.Ok(source.Take()));
        app.MapGet(TimelineApiPath, Results<Ok<CameraTimelineSnapshot>, NotFound> (string site, string camera, CameraStore store, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return store.Timeline(new CameraId(site, camera)) is { } timeline ? TypedResults.Ok(timeline) : TypedResults.NotFound();
        });
        app.MapEmbeddedAssets();
        return app;
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
