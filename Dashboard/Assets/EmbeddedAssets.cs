using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeVision.Dashboard.Assets;

/// <summary>
/// Serves the page's stylesheet and script from resources embedded in this assembly, so the dashboard needs no
/// wwwroot next to it, no CDN and no front-end build step. URLs carry a content hash so browsers may cache them for good.
/// </summary>
public static class EmbeddedAssets
{
    public static EmbeddedAsset Stylesheet { get; } = EmbeddedAsset.Load("dashboard.css", "text/css; charset=utf-8");

    public static EmbeddedAsset Script { get; } = EmbeddedAsset.Load("dashboard.js", "text/javascript; charset=utf-8");

    public static WebApplication MapEmbeddedAssets(this WebApplication app)
    {
        foreach (var asset in new[] { Stylesheet, Script })
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
