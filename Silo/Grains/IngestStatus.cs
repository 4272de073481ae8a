namespace EdgeVision.Silo.Grains;

[GenerateSerializer, Alias("edgevision.IngestStatus")]
internal enum IngestStatus
{
    /// <summary>Queued for inference; a result will follow.</summary>
    Accepted,

    /// <summary>Already seen (at-least-once delivery); no second result.</summary>
    Duplicate,

    /// <summary>Dropped and counted under <see cref="IngestOutcome.DropReason"/>.</summary>
    Dropped,
}
