using System.Diagnostics.Metrics;
using System.Reflection;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Preview;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using EdgeVision.EdgeAgent;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the edge agent: capture, encoding, MQTT publishing, control handling.</summary>
public static class EdgeAgentHostingExtensions
{
    /// <summary>
    /// Adds the edge agent as a hosted service. Configuration: <c>Edge</c> (<see cref="EdgeAgentOptions"/>), <c>Edge:Mqtt</c>
    /// (<see cref="MqttPublisherOptions"/>), <c>Edge:Video</c> (<see cref="VideoConfig"/>) and <c>Edge:Preview</c>
    /// (<see cref="PreviewOptions"/>: the camera's preview, off unless enabled), each validated at start with
    /// messages naming the key; the top-level <c>Mqtt</c> and <c>Video</c> of earlier layouts stop it naming their new place.
    /// <paramref name="args"/> adds the agent's switches (<see cref="EdgeCommandLine"/>) on top.
    /// Replace <see cref="IFrameSource"/> in the services to capture from something the source string cannot name.
    /// </summary>
    public static TBuilder AddEdgeAgent<TBuilder>(this TBuilder builder, string[]? args = null) where TBuilder : IHostApplicationBuilder
    {
        if (args is { Length: > 0 })
        {
            builder.Configuration.AddCommandLine(EdgeCommandLine.Expand(args), new Dictionary<string, string>(EdgeCommandLine.SwitchMappings, StringComparer.OrdinalIgnoreCase));
        }

        var services = builder.Services;
        services.AddValidatedOptions<EdgeAgentOptions>(EdgeAgentOptions.SectionName, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<MqttPublisherOptions>(EdgeAgentOptions.MqttSectionName, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<VideoConfig>(EdgeAgentOptions.VideoSectionName, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<PreviewOptions>(PreviewOptions.SectionName, static (o, s) => o.Validate(s));
        services.AddRetiredConfiguration("Mqtt", EdgeAgentOptions.MqttSectionName);
        services.AddRetiredConfiguration("Video", EdgeAgentOptions.VideoSectionName);
        foreach (var (old, renamed) in MqttConnectionOptions.RenamedKeys)
        {
            services.AddRetiredConfiguration($"{EdgeAgentOptions.MqttSectionName}:{old}", $"{EdgeAgentOptions.MqttSectionName}:{renamed}");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        // What the process started with (Main applies it first; a host that embeds the agent reports its own environment).
        services.TryAddSingleton(_ => AgentEnvironment.Memory.InForce());

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value;
            return new EdgeIdentity(options.Site, options.Camera, AgentVersion())
            {
                Nominal = NominalSettings.Of(provider.GetRequiredService<IOptions<VideoConfig>>().Value),
            };
        });
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value;
            return new FrameSourceFactory(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>())
                .Create(options.Source, new FrameSourceOptions { Loop = options.Loop });
        });
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value;
            var stream = new VideoStream(provider.GetRequiredService<IFrameSource>(), provider.GetRequiredService<IOptions<VideoConfig>>().Value,
                provider.GetRequiredService<IMeterFactory>(),
                new VideoStreamOptions { Camera = options.Camera, Interpolation = options.Interpolation, SequenceBufferSize = options.SequenceBufferSize },
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<VideoStream>>());
            if (provider.GetRequiredService<IOptions<PreviewOptions>>().Value.Enabled)
            {
                stream.FrameCaptured += provider.GetRequiredService<PreviewPublisher>().Observe;
            }

            return stream;
        });
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value;
            return new SequenceEncoder(new SequenceEncoderOptions { Format = options.Format, JpegQuality = options.JpegQuality },
                provider.GetRequiredService<IOptions<VideoConfig>>().Value);
        });
        services.TryAddSingleton(provider => new PublisherInstruments(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<EdgeIdentity>().Camera));
        services.TryAddSingleton(provider => new ControlInstruments(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<EdgeIdentity>().Camera));
        services.TryAddSingleton(provider => new MqttSequencePublisher(provider.GetRequiredService<IOptions<MqttPublisherOptions>>().Value,
            provider.GetRequiredService<EdgeIdentity>(), provider.GetRequiredService<PublisherInstruments>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<MqttSequencePublisher>>(), key => $"{EdgeAgentOptions.MqttSectionName}:{key}"));
        services.TryAddSingleton(provider =>
        {
            var publisher = provider.GetRequiredService<MqttSequencePublisher>();
            return new PreviewPublisher(provider.GetRequiredService<IOptions<PreviewOptions>>().Value, () => publisher.IsReady, jpeg => publisher.PublishPreviewAsync(jpeg),
                new PreviewInstruments(provider.GetRequiredService<IMeterFactory>(), publisher.Identity.Camera), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<PreviewPublisher>>());
        });
        services.TryAddSingleton(provider => new LedgerInstruments(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<EdgeIdentity>().Camera));
        services.TryAddSingleton(provider => new SequenceAccounting(provider.GetRequiredService<MqttSequencePublisher>(),
            provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value.LedgerSettings(), provider.GetRequiredService<LedgerInstruments>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<SequenceAccounting>>()));
        services.TryAddSingleton<SequenceHandOver>();
        services.TryAddSingleton<ControlHandler>();
        services.TryAddSingleton<EdgeAgentService>();
        services.AddHostedService(provider => new DeferredHostedService<EdgeAgentService>(provider.GetRequiredService<EdgeAgentService>));
        services.AddHealthChecks().AddCheck<EdgeAgentHealthCheck>(EdgeAgentHealthCheck.Name);
        return builder;
    }

    private static string AgentVersion()
    {
        var version = typeof(EdgeAgentService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // Drop the "+commit" build metadata: the status message allows 64 characters.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
