using EdgeVision.Dashboard;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Dashboard;

public sealed class DashboardOptionsTests
{
    public static TheoryData<string, Action<DashboardOptions>> BadValues => new()
    {
        { "Dashboard:Mqtt:Host", o => o.Mqtt.Host = "not a host" },
        { "Dashboard:Mqtt:Port", o => o.Mqtt.Port = 0 },
        { "Dashboard:Mqtt:Password", o => o.Mqtt.Password = "secret" },
        { "Dashboard:Mqtt:ClientId", o => o.Mqtt.ClientId = new string('x', 200) },
        { "Dashboard:HistorySize", o => o.HistorySize = 0 },
        { "Dashboard:MaxCameras", o => o.MaxCameras = 0 },
        { "Dashboard:RateWindowSeconds", o => o.RateWindowSeconds = double.NaN },
        { "Dashboard:StaleAfterSeconds", o => o.StaleAfterSeconds = 0 },
        { "Dashboard:RefreshIntervalSeconds", o => o.RefreshIntervalSeconds = 0.01 },
        { "Dashboard:Mqtt:ReconnectMaxDelaySeconds", o => o.Mqtt.ReconnectMaxDelaySeconds = 0.1 },
        { "Dashboard:MaxMessageBytes", o => o.MaxMessageBytes = 10 },
        { "Dashboard:ChartWindowSeconds", o => o.ChartWindowSeconds = 30 },
    };

    [Fact]
    public void AcceptsTheDefaults() =>
        Assert.Empty(new DashboardOptions().Validate());

    [Theory]
    [MemberData(nameof(BadValues))]
    public void NamesTheKeyOfEachBadValue(string key, Action<DashboardOptions> spoil)
    {
        var options = new DashboardOptions();
        spoil(options);

        var failures = options.Validate();

        Assert.Contains(failures, failure => failure.StartsWith(key + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopsTheDashboardAtStartNamingEveryBadKey()
    {
        var settings = DashboardHost.Settings(1883);
        settings["Dashboard:HistorySize"] = "0";
        settings["Dashboard:Mqtt:Port"] = "70000";
        settings["Dashboard:HistroySize"] = "5";
        settings["Dashboard:Mqtt:UseTsl"] = "true";
        await using var app = DashboardHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Dashboard:HistroySize is not a setting: did you mean Dashboard:HistorySize?", error.Failures);
        Assert.Contains("Dashboard:Mqtt:UseTsl is not a setting: did you mean Dashboard:Mqtt:UseTls?", error.Failures);
        Assert.Contains("Dashboard:HistorySize must be between 1 and 10000 (was 0).", error.Failures);
    }

    [Fact]
    public async Task RenamedKeysStopTheDashboardAtStartNamingTheirNewNames()
    {
        var settings = DashboardHost.Settings(1883);
        settings["Dashboard:RefreshIntervalMs"] = "500";
        settings["Dashboard:Mqtt:SocketBufferSize"] = "65536";
        await using var app = DashboardHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            ["Dashboard:RefreshIntervalMs has moved to Dashboard:RefreshIntervalSeconds (in seconds: 1000 ms is 1).",
                "Dashboard:Mqtt:SocketBufferSize has moved to Dashboard:Mqtt:SocketBufferBytes."],
            error.Failures);
    }

    [Fact]
    public async Task StopsTheDashboardAtStartWithTheValidationMessages()
    {
        var settings = DashboardHost.Settings(1883);
        settings["Dashboard:HistorySize"] = "0";
        settings["Dashboard:Mqtt:Port"] = "70000";
        await using var app = DashboardHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Dashboard:HistorySize must be between 1 and 10000 (was 0).", error.Failures);
        Assert.Contains("Dashboard:Mqtt:Port must be between 1 and 65535 (was 70000).", error.Failures);
    }
}
