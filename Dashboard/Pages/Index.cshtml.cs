using EdgeVision.Dashboard.State;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Pages;

/// <summary>The dashboard page; <c>?handler=Live</c> returns just its live part, which the page's script swaps in.</summary>
public sealed class IndexModel(DashboardSnapshotSource source, IOptions<DashboardOptions> options) : PageModel
{
    public const string LiveHandler = "Live";

    public DashboardSnapshot Snapshot { get; private set; } = null!;

    /// <summary><see cref="DashboardOptions.RefreshIntervalSeconds"/> as the page's script takes it, in milliseconds.</summary>
    public int RefreshIntervalMs => (int)Math.Round(options.Value.RefreshIntervalSeconds * 1000);

    public void OnGet() => Snapshot = source.Take();

    public PartialViewResult OnGetLive()
    {
        Response.Headers.CacheControl = "no-store";
        return Partial("_Live", source.Take());
    }
}
