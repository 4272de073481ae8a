using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Inference.Batching;

/// <summary>The inference engine's metrics (meter <c>EdgeVision.Inference</c>), tagged by model key.</summary>
public sealed class InferenceInstruments
{
    public const string MeterName = "EdgeVision.Inference";

    private readonly Histogram<double> duration;
    private readonly Histogram<int> batchSize;
    private readonly Counter<long> completed;
    private readonly Counter<long> dropped;

    public InferenceInstruments(IMeterFactory meterFactory, Func<int> queueDepth)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(queueDepth);
        var meter = meterFactory.Create(MeterName);
        duration = meter.CreateHistogram<double>("edgevision.inference.duration", "s", "Forward pass of one batch.");
        batchSize = meter.CreateHistogram<int>("edgevision.inference.batch_size", "{sequence}", "Sequences in one forward pass.");
        completed = meter.CreateCounter<long>("edgevision.inference.completed", "{sequence}", "Sequences that got probabilities.");
        dropped = meter.CreateCounter<long>("edgevision.inference.dropped", "{sequence}", "Sequences dropped by the engine, by reason.");
        meter.CreateObservableGauge("edgevision.inference.queue_depth", queueDepth, "{sequence}", "Sequences waiting for a forward pass.");
    }

    public void BatchCompleted(string model, int size, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        duration.Record(elapsed.TotalSeconds, tag);
        batchSize.Record(size, tag);
        completed.Add(size, tag);
    }

    public void Dropped(string model, DropReason reason) =>
        dropped.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("reason", reason.Tag()));
}
