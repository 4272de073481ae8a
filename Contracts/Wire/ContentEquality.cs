using System.Collections.Immutable;

namespace EdgeVision.Contracts.Wire;

/// <summary>Content equality for the immutable arrays that wire records carry (a default array equals an empty one).</summary>
internal static class ContentEquality
{
    public static bool SequenceEqual<T>(ImmutableArray<T> left, ImmutableArray<T> right)
        where T : IEquatable<T> =>
        left.IsDefaultOrEmpty ? right.IsDefaultOrEmpty : !right.IsDefault && left.AsSpan().SequenceEqual(right.AsSpan());

    public static bool FramesEqual(ImmutableArray<ReadOnlyMemory<byte>> left, ImmutableArray<ReadOnlyMemory<byte>> right)
    {
        if (left.IsDefaultOrEmpty || right.IsDefaultOrEmpty)
        {
            return left.IsDefaultOrEmpty && right.IsDefaultOrEmpty;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!left[i].Span.SequenceEqual(right[i].Span))
            {
                return false;
            }
        }

        return true;
    }
}
