namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// How a <c>--cluster</c> run's sequences were settled. Every sequence the broker acknowledged ends as a result, a silo drop or
/// <c>no_result</c>, except one whose republish the publisher dropped (<see cref="RepublishDropped"/>, counted with the
/// publisher's drops): so <see cref="Published"/> = <see cref="Results"/> + silo drops + <see cref="NoResult"/> + <see cref="RepublishDropped"/>.
/// </summary>
/// <param name="Published">Sequences the broker acknowledged at least once.</param>
/// <param name="SiloDropped">Sequences settled by a silo's drop notice, by the notice's reason.</param>
/// <param name="PublisherDropped">Sequences settled by the publisher's own drop, by reason.</param>
/// <param name="RepublishDropped">Of <paramref name="PublisherDropped"/>, sequences that had been published once and whose republish was dropped.</param>
internal sealed record ClusterTally(
    long Published,
    long Results,
    IReadOnlyDictionary<string, long> SiloDropped,
    long NoResult,
    IReadOnlyDictionary<string, long> PublisherDropped,
    long RepublishDropped)
{
    public bool Reconciled => Published == Results + SiloDropped.Values.Sum() + NoResult + RepublishDropped;
}
