using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Pages;

/// <summary>One camera's charts over the last <c>Dashboard:ChartWindowSeconds</c>; its script fetches the timeline and draws it.</summary>
public sealed class CameraModel(IOptions<DashboardOptions> options) : PageModel
{
    public string Site { get; private set; } = "";

    public string Camera { get; private set; } = "";

    public int RefreshIntervalMs => options.Value.RefreshIntervalMilliseconds;

    public int ChartWindowMinutes => options.Value.ChartWindowSeconds / 60;

    public int BucketSeconds => State.CameraTimeline.BucketSeconds;

    public string TimelinePath => $"/api/cameras/{Uri.EscapeDataString(Site)}/{Uri.EscapeDataString(Camera)}/timeline";

    public string PreviewPath => $"/cameras/{Uri.EscapeDataString(Site)}/{Uri.EscapeDataString(Camera)}/preview.jpg";

    public void OnGet(string site, string camera)
    {
        Site = site;
        Camera = camera;
    }
}
