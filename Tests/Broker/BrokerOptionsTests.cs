using EdgeVision.Broker;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Broker;

public sealed class BrokerOptionsTests
{
    [Fact]
    public void DefaultsAreValid() => Assert.Empty(new BrokerOptions().Validate());

    [Fact]
    public void ValidAccountsOfEveryRolePass()
    {
        var options = new BrokerOptions
        {
            BindAddress = "::",
            Port = 0,
            Users =
            [
                new() { Username = "cam", Password = "p", Role = BrokerRole.Camera, Site = "site-a", Camera = "cam1" },
                new() { Username = "silo", Password = "p", Role = BrokerRole.Silo },
                new() { Username = "viewer", Password = "p", Role = BrokerRole.Subscriber },
                new() { Username = "admin", Password = "p", Role = BrokerRole.Admin },
            ],
        };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ReportsEveryBadValueNamingItsConfigurationKey()
    {
        var options = new BrokerOptions
        {
            BindAddress = "localhost",
            Port = 70000,
            MaxPendingMessagesPerClient = 0,
            MaxSessionExpirySeconds = 0,
            MaxMessageBytes = 100,
            Users =
            [
                new() { Username = "", Password = "", Role = BrokerRole.Silo },
                new() { Username = "cam", Password = "p", Role = BrokerRole.Unspecified },
                new() { Username = "cam", Password = "p", Role = BrokerRole.Camera, Site = "site a", Camera = null },
                new() { Username = "silo", Password = "p", Role = BrokerRole.Silo, Camera = "cam1" },
            ],
        };

        var failures = options.Validate();

        string[] keys =
        [
            "Broker:BindAddress", "Broker:Port", "Broker:MaxPendingMessagesPerClient", "Broker:MaxSessionExpirySeconds", "Broker:MaxMessageBytes",
            "Broker:Users:0:Username", "Broker:Users:0:Password", "Broker:Users:1:Role", "Broker:Users:2:Username",
            "Broker:Users:2:Site", "Broker:Users:2:Camera", "Broker:Users:3:Site/Camera",
        ];
        Assert.All(keys, key => Assert.Contains(failures, failure => failure.StartsWith(key + " ", StringComparison.Ordinal)));
        Assert.Equal(keys.Length, failures.Count);
    }

    [Fact]
    public async Task HostWithBadConfigurationFailsAtStartNamingTheKey()
    {
        using var host = InProcessBroker.Build(
            users: [new BrokerUser { Username = "cam", Password = "p", Role = BrokerRole.Camera, Site = "site-a" }],
            settings: new Dictionary<string, string?> { ["Broker:Port"] = "-1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Broker:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("Broker:Users:0:Camera", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltKeyStopsTheBrokerAtStartNamingItInFull()
    {
        using var host = InProcessBroker.Build(settings: new Dictionary<string, string?>
        {
            ["Broker:Users:0:Username"] = "viewer", ["Broker:Users:0:Password"] = "p", ["Broker:Users:0:Role"] = "Subscriber",
            ["Broker:Users:0:Rol"] = "Admin", ["Broker:MaxPendingMessages"] = "10",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            ["Broker:MaxPendingMessages is not a setting: did you mean Broker:MaxPendingMessagesPerClient?",
                "Broker:Users:0:Rol is not a setting: did you mean Broker:Users:0:Role?"],
            error.Failures);
    }

    [Fact]
    public async Task TheRenamedMessageSizeKeyStopsTheBrokerAtStartNamingItsNewName()
    {
        using var host = InProcessBroker.Build(settings: new Dictionary<string, string?> { ["Broker:MaxMessageSize"] = "1048576" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Broker:MaxMessageSize has moved to Broker:MaxMessageBytes.", Assert.Single(error.Failures));
    }
}
