using System.Net;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Runtime;
using EdgeVision.Mqtt;
using EdgeVision.Silo;
using EdgeVision.Silo.Clustering;
using EdgeVision.Silo.Decoding;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Ingestion;
using EdgeVision.Silo.Metrics;
using EdgeVision.Silo.Mqtt;
using EdgeVision.Silo.Results;
using EdgeVision.Silo.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the inference silo: Orleans, MQTT ingestion and publishing, camera grains, metrics.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// The whole silo: <see cref="AddSiloServices"/> plus Orleans with the clustering from <c>Silo:Cluster</c>
    /// (localhost by default, Redis membership, Kubernetes hosting), silo metadata and the inference placement filter.
    /// Invalid cluster settings leave Orleans on the defaults here and stop the host when it starts, with every problem
    /// named like any other invalid setting (exit code 2 under <c>RunOrExplain</c>).
    /// </summary>
    public static TBuilder AddSilo<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var cluster = ReadClusterOptions(builder.Configuration);
        // Before Orleans' own hosted service: a silo told to use CUDA where there is none stops before it joins.
        builder.Services.AddHostedService<InferenceDeviceCheck>();
        // Likewise a silo whose Redis refuses its login stops naming the connection string, not with Orleans' stack trace.
        builder.Services.AddHostedService<RedisLoginCheck>();
        builder.UseOrleans(silo =>
        {
            ConfigureClustering(silo, cluster);
            silo.AddEdgeVisionGrains(InferenceSiloMetadata.For(cluster, CudaProbe.IsAvailable));
        });
        builder.AddSiloServices();
        return builder;
    }

    /// <summary>
    /// Everything of the silo except Orleans itself (tests host it in an Orleans test cluster): options validated at
    /// start (every key under <c>Silo</c>, <see cref="SiloConfiguration"/>; a key under a retired section stops the silo
    /// naming its place), the <c>EdgeVision.Silo</c> meter, the sequence decoder, result callbacks, the MQTT publisher, the
    /// MQTT ingestion service, the silo's retained status (<c>Silo:Status</c>, <c>edgevision/_silos/{siloId}</c>), and the health
    /// checks (ingestion subscribed, no camera stalled).
    /// </summary>
    public static TBuilder AddSiloServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddConfigurationRoot(SiloConfiguration.Root);
        foreach (var (old, section) in SiloConfiguration.RetiredSections)
        {
            services.AddRetiredConfiguration(old, section);
        }

        foreach (var (old, renamed) in MqttConnectionOptions.RenamedKeys)
        {
            services.AddRetiredConfiguration($"{SiloMqttOptions.SectionName}:{old}", $"{SiloMqttOptions.SectionName}:{renamed}");
        }

        services.AddValidatedOptions<SiloMqttOptions>(SiloMqttOptions.SectionName, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<CameraGrainOptions>(CameraGrainOptions.SectionName, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<SiloClusterOptions>(SiloClusterOptions.SectionName, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<InferenceConfig>(SiloConfiguration.Inference, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<SequenceLimits>(SiloConfiguration.SequenceLimits, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<LatencyControllerOptions>(SiloConfiguration.LatencyController, static (o, s) => o.Validate(s));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AdaptiveStateGauges>();
        services.TryAddSingleton<LatencyBoundGauges>();
        services.TryAddSingleton<CameraStallTracker>();
        services.TryAddSingleton<SiloInstruments>();
        services.TryAddSingleton<IngestionInstruments>();
        services.TryAddSingleton<SequenceDecoder>();
        services.TryAddSingleton<ResultCallbacks>();
        services.TryAddSingleton<MqttPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<MqttPublisher>());
        services.TryAddSingleton<MqttIngestionService>();
        services.AddHostedService(provider => provider.GetRequiredService<MqttIngestionService>());
        services.AddValidatedOptions<SiloStatusOptions>(SiloStatusOptions.SectionName, static (o, s) => o.Validate(s));
        services.TryAddSingleton(provider => new SiloIdentity(
            SiloMqttClients.SiloId(provider.GetRequiredService<IOptions<SiloMqttOptions>>().Value),
            provider.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString(),
            provider.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.TryAddSingleton<SiloActivity>();
        services.TryAddSingleton<SiloStatusSource>();
        services.AddHostedService<SiloStatusPublisher>();
        services.AddHealthChecks()
            .AddCheck<IngestionHealthCheck>(IngestionHealthCheck.Name)
            .AddCheck<CameraStallHealthCheck>(CameraStallHealthCheck.Name);
        builder.AddInferenceEngine();
        return builder;
    }

    /// <summary>
    /// The silo's models and inference engine (the cross-camera batcher from Inference/): the model catalog (checkpoints from
    /// <c>Silo:ModelCatalog</c>), one <see cref="InferenceEngine"/> with its dedicated inference thread, and the batch-size
    /// coordinator between the cameras' latency controllers. Only silos that host inference need it.
    /// </summary>
    public static TBuilder AddInferenceEngine<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddValidatedOptions<InferenceEngineOptions>(SiloConfiguration.InferenceEngine, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<ModelCatalogOptions>(SiloConfiguration.ModelCatalog, static (o, s) => o.Validate(s));
        services.AddValidatedOptions<InferenceSessionOptions>(SiloConfiguration.InferenceSession, static (o, s) => o.Validate(s));
        services.TryAddSingleton<IModelCatalog, ModelCatalog>();
        services.TryAddSingleton<InferenceEngine>();
        services.TryAddSingleton<IInferenceEngine>(provider => provider.GetRequiredService<InferenceEngine>());
        services.TryAddSingleton<BatchSizeCoordinator>();
        services.AddHostedService<InferenceWarmup>();
        return builder;
    }

    /// <summary>
    /// The grain-side configuration every EdgeVision silo shares: silo <paramref name="metadata"/> (inference capability
    /// and device), the placement filter that keeps camera grains on inference silos, and the grain storage of the camera
    /// grains' pending records
    /// (<c>Silo:Cluster:CameraStorage</c> of the silo's configuration, validated here).
    /// </summary>
    public static ISiloBuilder AddEdgeVisionGrains(this ISiloBuilder silo, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(metadata);
        silo.UseSiloMetadata(new Dictionary<string, string>(metadata));
        silo.Services.AddPlacementFilter<InferenceSiloPlacementFilterStrategy, InferenceSiloPlacementFilterDirector>(ServiceLifetime.Transient);
        var cluster = ReadClusterOptions(silo.Configuration);
        if (cluster.EffectiveCameraStorage == CameraStorageMode.Redis)
        {
            var redis = ConfigurationOptions.Parse(cluster.RedisConnectionString!);
            silo.AddRedisGrainStorage(PendingSequences.StorageName, options => options.ConfigurationOptions = redis);
        }
        else
        {
            // Under None the grain reads its (empty) state at activation and never writes it.
            silo.AddMemoryGrainStorage(PendingSequences.StorageName);
        }

        return silo;
    }

    private static SiloClusterOptions ReadClusterOptions(IConfiguration configuration)
    {
        // Orleans is configured before the host exists; the same section, registered in AddSiloServices, is validated when the
        // host starts and stops it there, naming every problem. Until then an invalid section configures nothing of its own.
        var options = new SiloClusterOptions();
        var section = configuration.GetSection(SiloClusterOptions.SectionName);
        try
        {
            ValidatedOptionsExtensions.BindSection(section, options);
        }
        catch (InvalidOperationException)
        {
            return new SiloClusterOptions();
        }

        return ValidatedOptionsExtensions.UnknownKeys(section, typeof(SiloClusterOptions)).Count > 0 || options.Validate().Count > 0
            ? new SiloClusterOptions()
            : options;
    }

    private static void ConfigureClustering(ISiloBuilder silo, SiloClusterOptions cluster)
    {
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        switch (cluster.Mode)
        {
            case ClusteringMode.Redis:
                silo.UseRedisClustering(cluster.RedisConnectionString!);
                if (string.IsNullOrEmpty(cluster.AdvertisedAddress))
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    var advertised = IPAddress.Parse(cluster.AdvertisedAddress);
                    silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                }

                break;
            default:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                break;
        }

        if (cluster.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }
    }
}

