using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>The logits (batch, classes) of each model inside a <see cref="HybridVideoModel"/>.</summary>
public readonly record struct IndividualOutputs(Tensor ConvLstm, Tensor Conv3d, Tensor Transformer);
