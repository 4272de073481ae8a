using System.Buffers;

namespace EdgeVision.Edge.Publishing;

/// <summary>Two byte arrays as one <see cref="ReadOnlySequence{T}"/>, without copying either (an MQTT payload and its publish stamp).</summary>
internal sealed class PayloadSegments : ReadOnlySequenceSegment<byte>
{
    private PayloadSegments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Join(byte[] first, byte[] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var head = new PayloadSegments(first, 0);
        var tail = new PayloadSegments(second, first.Length);
        head.Next = tail;
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }
}
