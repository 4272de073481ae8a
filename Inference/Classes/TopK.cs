namespace EdgeVision.Inference.Classes;

/// <summary>The most probable classes of a prediction, what the silo's results and the CLI's reports show.</summary>
public static class TopK
{
    /// <summary>
    /// The <paramref name="k"/> most probable classes (fewer when there are fewer), most probable first; equal
    /// probabilities keep the classes' order. Each is named by <see cref="ClassLabels.Name"/>.
    /// </summary>
    public static RankedClass[] Of(ReadOnlySpan<float> probabilities, IReadOnlyList<string>? labels, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var order = new int[probabilities.Length];
        var values = probabilities.ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => values[b].CompareTo(values[a]) is var byProbability and not 0 ? byProbability : a.CompareTo(b));
        var top = new RankedClass[Math.Min(k, order.Length)];
        for (var i = 0; i < top.Length; i++)
        {
            var index = order[i];
            top[i] = new RankedClass(index, ClassLabels.Name(labels, index), values[index]);
        }

        return top;
    }
}
