using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Serving;

namespace EdgeVision.Silo.Grains;

/// <summary>A classified sequence waiting for its turn to be published (results leave in sequence order), with its timings.</summary>
internal sealed record CompletedSequence(InferenceResult Result, SequenceTimes Times, TimeSpan Decode, TimeSpan Queue, TimeSpan Forward, int Frames);
