using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeVision.Dashboard.Assets;

/// <summary>
/// Serves the pages' stylesheets and scripts (the dashboard's own and the vendored chart library) from resources embedded in this assembly, so the dashboard needs no
/// wwwroot next to it, no CDN and no front-end build step. URLs carry a content hash so browsers may cache them for good.
/// </summary>
public static class EmbeddedAssets
{
    public static EmbeddedAsset Stylesheet { get; } = EmbeddedAsset.Load("dashboard.css", "text/css; charset=utf-8");

    public static EmbeddedAsset Script { get; } = EmbeddedAsset.Load("dashboard.js", "text/javascript; charset=utf-8");

    /// <summary>The camera page's charts: fetches the camera's timeline and draws it with uPlot.</summary>
    public static EmbeddedAsset CameraScript { get; } = EmbeddedAsset.Load("camera.js", "text/javascript; charset=utf-8");

    /// <summary>uPlot, vendored from npm (<c>uplot</c>, MIT, its licence beside it in <c>Assets/vendor</c>).</summary>
    public static EmbeddedAsset ChartScript { get; } = EmbeddedAsset.Load("uPlot.iife.min.js", "text/javascript; charset=utf-8");

    public static EmbeddedAsset ChartStylesheet { get; } = EmbeddedAsset.Load("uPlot.min.css", "text/css; charset=utf-8");

    public static WebApplication MapEmbeddedAssets(this WebApplication app)
    {
        foreach (var asset in new[] { Stylesheet, Script, CameraScript, ChartScript, ChartStylesheet })
        {
            app.MapGet(asset.Path, (HttpContext context) =>
            {
                context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
                return TypedResults.Bytes(asset.Content, asset.ContentType);
            });
        }

        return app;
    }
}
