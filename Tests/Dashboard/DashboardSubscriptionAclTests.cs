using System.Text.RegularExpressions;
using EdgeVision.Broker;
using EdgeVision.Broker.Security;
using EdgeVision.Dashboard.Mqtt;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// Every topic the Dashboard subscribes to is one its broker account may read: the embedded broker's <c>Subscriber</c> role
/// and the <c>dashboard</c> user of the shipped mosquitto ACL (<c>k8s/base/mosquitto.acl</c>). A filter left out is a chart that
/// stays empty.
/// </summary>
public sealed partial class DashboardSubscriptionAclTests
{
    [Fact]
    public void TheEmbeddedBrokersSubscriberRoleGrantsEverySubscriptionOfTheDashboard()
    {
        var dashboard = new BrokerPrincipal("dashboard", BrokerRole.Subscriber);

        Assert.All(DashboardSubscriber.Filters, filter => Assert.True(TopicAcl.CanSubscribe(dashboard, filter), $"{filter} is refused to the Subscriber role"));
    }

    [Fact]
    public void TheShippedMosquittoAclLetsTheDashboardUserReadEverySubscriptionOfTheDashboard()
    {
        var acl = File.ReadAllText(Path.Combine(BenchmarkTestKit.RepositoryRoot(), "k8s", "base", "mosquitto.acl"));
        var block = DashboardUserBlock().Match(acl);
        Assert.True(block.Success, "k8s/base/mosquitto.acl has no 'user dashboard' block");
        var readable = block.Groups["lines"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .Where(words => words is ["topic", "read" or "readwrite", _])
            .Select(words => words[2])
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(DashboardSubscriber.Filters, filter => Assert.Contains(filter, readable));
    }

    // From "user dashboard" to the next blank line.
    [GeneratedRegex(@"^user dashboard\n(?<lines>(?:topic [^\n]+\n)+)", RegexOptions.Multiline)]
    private static partial Regex DashboardUserBlock();
}
