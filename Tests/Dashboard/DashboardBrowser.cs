using Microsoft.Playwright;

namespace EdgeVision.Tests.Dashboard;

/// <summary>Debian's headless Chromium driven by Playwright (no browser download); <c>EDGEVISION_CHROMIUM</c> points elsewhere.</summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("EDGEVISION_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Console errors of every page opened here: a page that throws is a failing page.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath}: run scripts/install-prerequisites.sh (package chromium).");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                // Root in containers has no user namespaces for Chromium's sandbox.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
                Timeout = 60_000,
            });
            return new DashboardBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Where a test saves its screenshot: <paramref name="variable"/> when set (e.g. to refresh docs/), else the test's output folder.</summary>
    public static string ScreenshotPath(string variable, string fileName) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } target ? target : Path.Combine(AppContext.BaseDirectory, fileName);

    public async Task<IPage> NewPageAsync(int width, int height)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors)
                {
                    ConsoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (ConsoleErrors)
            {
                ConsoleErrors.Add(error);
            }
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
