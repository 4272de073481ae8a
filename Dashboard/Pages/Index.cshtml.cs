using EdgeVision.Dashboard.State;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Pages;

/// <summary>
/// The overview page; <c>?handler=Live</c> returns just its live part, which the page's script swaps in. Both take the
/// filters <c>site</c> and <c>state</c> (see <see cref="Overview"/>) from the query string.
/// </summary>
public sealed class IndexModel(DashboardSnapshotSource source, IOptions<DashboardOptions> options) : PageModel
{
    public const string LiveHandler = "Live";

    public Overview Overview { get; private set; } = null!;

    public int RefreshIntervalMs => options.Value.RefreshIntervalMilliseconds;

    public void OnGet([FromQuery] string? site, [FromQuery] string? state) => Overview = Overview.Of(source.Take(), site, state);

    public PartialViewResult OnGetLive([FromQuery] string? site, [FromQuery] string? state)
    {
        Response.Headers.CacheControl = "no-store";
        return Partial("_Live", Overview.Of(source.Take(), site, state));
    }
}
