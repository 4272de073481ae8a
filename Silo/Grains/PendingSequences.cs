namespace EdgeVision.Silo.Grains;

/// <summary>
/// A camera grain's durable record (<see cref="StorageName"/>): the sequences it accepted and has not finished, by
/// sequence number, each with what identifies it to its edge (<see cref="PendingSequence"/>). What a new activation finds
/// here was accepted by one that ended without finishing it: it is counted as <c>lost</c> and its edge is told.
/// </summary>
[GenerateSerializer]
[Alias("edgevision.PendingSequences")]
public sealed class PendingSequences
{
    /// <summary>The grain storage provider camera grains keep this record in.</summary>
    public const string StorageName = "edgevision-cameras";

    /// <summary>The state's name within the grain's storage.</summary>
    public const string StateName = "pending";

    [Id(0)]
    public Dictionary<long, PendingSequence> Sequences { get; set; } = [];
}
