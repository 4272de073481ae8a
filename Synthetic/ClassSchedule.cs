namespace EdgeVision.Synthetic;

/// <summary>
/// Deals classes in shuffled rounds: every run of <see cref="ActionClasses.Count"/> items starting at a multiple
/// of it holds each class once, so any prefix is balanced to within one clip yet the order is unpredictable.
/// </summary>
internal static class ClassSchedule
{
    public static ActionClass ClassAt(int seed, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var count = ActionClasses.Count;
        var round = index / count;
        Span<int> order = stackalloc int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var random = new SceneRandom(SceneRandom.Derive(seed, -2 - round));
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return (ActionClass)order[(int)(index % count)];
    }
}
