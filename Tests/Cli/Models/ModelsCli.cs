using EdgeVision.Cli;

namespace EdgeVision.Tests.Cli.Models;

/// <summary><c>edgevision models ...</c> in process, with what it printed.</summary>
internal static class ModelsCli
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await EdgeVisionCommand.InvokeAsync(["models", .. args], output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
