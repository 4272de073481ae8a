namespace EdgeVision.Inference.Classes;

/// <summary>Class names as results show them: the model's label, or <c>class_{index}</c> where it has none.</summary>
public static class ClassLabels
{
    /// <summary>The name of class <paramref name="index"/>: <paramref name="labels"/>[index], or <c>class_{index}</c> past their end.</summary>
    public static string Name(IReadOnlyList<string>? labels, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return labels is not null && index < labels.Count ? labels[index] : $"class_{index}";
    }

    /// <summary><c>class_0</c> ... <c>class_{count - 1}</c>, the labels of a model saved without names for its classes.</summary>
    public static string[] Defaults(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Enumerable.Range(0, count).Select(i => Name(null, i))];
    }
}
