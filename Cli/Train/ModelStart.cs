using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Models;

namespace EdgeVision.Cli.Train;

/// <summary>
/// Where <c>train</c> starts from: fresh weights, or checkpoints (<c>--init-from</c>). A checkpoint of the same kind
/// loads the whole model; for a hybrid, convlstm/conv3d/transformer checkpoints fill the matching branches, and
/// <c>--freeze-branches</c> leaves only the fusion to train.
/// </summary>
internal sealed record ModelStart(IReadOnlyList<string> Checkpoints, bool FreezeBranches)
{
    public void Apply(IVideoModel model, TextWriter output)
    {
        var hybrid = model as HybridVideoModel;
        if (FreezeBranches && hybrid is null)
        {
            throw new ArgumentException($"--freeze-branches applies to the hybrid only, not '{model.Kind}'.");
        }

        foreach (var path in Checkpoints)
        {
            var loaded = Checkpoint.Load(path);
            using var source = loaded.Model;
            if (hybrid is not null && source.Kind != VideoModelKinds.Hybrid)
            {
                hybrid.InitializeBranch(source);
                output.WriteLine($"Hybrid {source.Kind} branch initialised from {path}.");
            }
            else if (source.Kind == model.Kind)
            {
                CopyWeights(source, model, path);
                output.WriteLine($"Initialised from {path}.");
            }
            else
            {
                throw new ArgumentException($"--init-from {path} holds a '{source.Kind}' model, which cannot initialise a '{model.Kind}'.");
            }
        }

        if (FreezeBranches)
        {
            hybrid!.FreezeBranches();
            output.WriteLine("Branches frozen: only the fusion trains.");
        }
    }

    private static void CopyWeights(IVideoModel source, IVideoModel target, string path)
    {
        var weights = source.Module.state_dict();
        var differences = WeightsComparison.Differences(target.Module.state_dict(), weights);
        if (differences.Count > 0)
        {
            throw new ArgumentException($"--init-from {path} does not fit the model being trained: {string.Join("; ", differences)}.");
        }

        target.Module.load_state_dict(weights, strict: true);
    }
}
