using EdgeVision.Broker;
using EdgeVision.Broker.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the embedded MQTT broker.</summary>
public static class BrokerHostingExtensions
{
    /// <summary>
    /// Adds the MQTT broker as a hosted service: <see cref="BrokerOptions"/> from the <c>Broker</c> section (validated
    /// at start), authentication and ACL, the <c>EdgeVision.Broker</c> meter and the <c>broker</c> health check.
    /// </summary>
    public static TBuilder AddBroker<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddValidatedOptions<BrokerOptions>(BrokerOptions.SectionName, static (options, section) => options.Validate(section));
        services.AddRetiredConfiguration($"{BrokerOptions.SectionName}:MaxMessageSize", $"{BrokerOptions.SectionName}:{nameof(BrokerOptions.MaxMessageBytes)}");
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BrokerInstruments>();
        services.TryAddSingleton<BrokerAuthenticator>();
        services.TryAddSingleton<MqttBrokerService>();
        services.AddHostedService(provider => provider.GetRequiredService<MqttBrokerService>());
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>(BrokerHealthCheck.Name);
        return builder;
    }
}
