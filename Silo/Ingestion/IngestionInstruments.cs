using System.Diagnostics.Metrics;
using EdgeVision.Silo.Metrics;

namespace EdgeVision.Silo.Ingestion;

/// <summary>
/// What this silo's MQTT subscriber took from the broker (meter <c>EdgeVision.Silo</c>): with a shared subscription
/// the broker splits the sequence messages between silos, and these counters show each silo's share. Camera grains
/// count what they decided (<see cref="SiloInstruments.SequencesName"/>) on whichever silo hosts them, which is not
/// necessarily the silo that received the message.
/// </summary>
public sealed class IngestionInstruments
{
    public const string ReceivedName = "edgevision.silo.ingestion.received";
    public const string AcknowledgedName = "edgevision.silo.ingestion.acknowledged";

    private readonly Counter<long> _received;
    private readonly Counter<long> _acknowledged;

    public IngestionInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(SiloInstruments.MeterName);
        _received = meter.CreateCounter<long>(ReceivedName, "{message}", "Messages this silo received on its sequences subscription, valid or not.");
        _acknowledged = meter.CreateCounter<long>(AcknowledgedName, "{message}",
            "Messages this silo acknowledged to the broker, by camera once its grain decided (accepted, duplicate, dropped); rejected messages carry no camera.");
    }

    public void Received() => _received.Add(1);

    /// <param name="camera">The camera key (<c>site/camera</c>) whose grain took the message; null for a rejected message.</param>
    public void Acknowledged(string? camera)
    {
        if (camera is null)
        {
            _acknowledged.Add(1);
        }
        else
        {
            _acknowledged.Add(1, new KeyValuePair<string, object?>("camera", camera));
        }
    }
}
