namespace EdgeVision.Dashboard.Pages;

/// <summary>How much a camera needs someone's attention, most first: the overview lists cameras in this order.</summary>
public enum CameraConcern
{
    /// <summary>Its agent's status says offline.</summary>
    Offline,

    /// <summary>Online, yet no result for longer than <c>Dashboard:StaleAfterSeconds</c>.</summary>
    Stalled,

    /// <summary>Producing results, but over its latency target, below its nominal settings or with sequences dropped in the last minute.</summary>
    Degraded,

    /// <summary>No result yet, and no status that says it should have sent one.</summary>
    NoResults,

    Healthy,
}
