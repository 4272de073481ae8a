namespace EdgeVision.Edge.Control;

/// <summary>Why a control message was not applied; the <c>reason</c> tag of <c>edgevision.edge.control.rejected</c>.</summary>
public enum ControlRejection
{
    /// <summary>Empty, oversized, not JSON, or out of the ranges the contract allows (the decoder's verdict).</summary>
    Malformed,

    /// <summary>Well-formed but addressed to another site or camera.</summary>
    WrongCamera,

    /// <summary>Well-formed but the settings it leads to cannot be applied (e.g. a frame side under 16 pixels).</summary>
    Unsupported,
}
