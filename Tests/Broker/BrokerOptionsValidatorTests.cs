using EdgeVision.Broker;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Broker;

public sealed class BrokerOptionsValidatorTests
{
    private readonly BrokerOptionsValidator _validator = new();

    [Fact]
    public void DefaultsAreValid() => Assert.True(_validator.Validate(null, new BrokerOptions()).Succeeded);

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

        Assert.True(_validator.Validate(null, options).Succeeded);
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
            MaxMessageSize = 100,
            Users =
            [
                new() { Username = "", Password = "", Role = BrokerRole.Silo },
                new() { Username = "cam", Password = "p", Role = BrokerRole.Unspecified },
                new() { Username = "cam", Password = "p", Role = BrokerRole.Camera, Site = "site a", Camera = null },
                new() { Username = "silo", Password = "p", Role = BrokerRole.Silo, Camera = "cam1" },
            ],
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        string[] keys =
        [
            "Broker:BindAddress", "Broker:Port", "Broker:MaxPendingMessagesPerClient", "Broker:MaxSessionExpirySeconds", "Broker:MaxMessageSize",
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
}
