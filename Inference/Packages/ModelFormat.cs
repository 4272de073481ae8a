namespace EdgeVision.Inference.Packages;

/// <summary>What a model file holds and which runtime serves it.</summary>
public enum ModelFormat
{
    /// <summary>An EdgeVision checkpoint (<c>*.ckpt</c>): one of the built-in architectures and its weights, run by TorchSharp.</summary>
    Checkpoint,

    /// <summary>An ONNX graph (<c>model.onnx</c> in a package), run by ONNX Runtime.</summary>
    Onnx,

    /// <summary>A TorchScript module (<c>model.pt</c> in a package), run by libtorch through TorchSharp.</summary>
    TorchScript,
}
