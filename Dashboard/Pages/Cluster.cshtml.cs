using EdgeVision.Dashboard.Cluster;
using EdgeVision.Dashboard.State;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Pages;

/// <summary>The cluster page: silos and the cameras each serves; <c>?handler=Live</c> returns just its live part, which the page's script swaps in.</summary>
public sealed class ClusterModel(SiloStore silos, DashboardSnapshotSource source, IOptions<DashboardOptions> options) : PageModel
{
    public const string LiveHandler = "Live";

    public ClusterView View { get; private set; } = null!;

    public int RefreshIntervalMs => options.Value.RefreshIntervalMilliseconds;

    public void OnGet() => View = ClusterView.Of(silos.Snapshot(), source.Take());

    public PartialViewResult OnGetLive()
    {
        Response.Headers.CacheControl = "no-store";
        return Partial("_ClusterLive", ClusterView.Of(silos.Snapshot(), source.Take()));
    }
}
