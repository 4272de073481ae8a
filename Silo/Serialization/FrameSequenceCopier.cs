using EdgeVision.Contracts.Wire;
using Orleans.Serialization.Cloning;

namespace EdgeVision.Silo.Serialization;

/// <summary>
/// A <see cref="FrameSequence"/> is immutable, so a call to a camera grain on the same silo hands over the instance
/// itself: without this Orleans would copy it through its surrogate for every local call.
/// </summary>
[RegisterCopier]
internal sealed class FrameSequenceCopier : ShallowCopier<FrameSequence>;
