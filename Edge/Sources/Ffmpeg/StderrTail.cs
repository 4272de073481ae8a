namespace EdgeVision.Edge.Sources.Ffmpeg;

/// <summary>The last lines a process wrote to stderr, for error messages (written from the process's event thread).</summary>
internal sealed class StderrTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _lines.Clear();
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "(ffmpeg wrote nothing to stderr)" : string.Join(" | ", _lines);
        }
    }
}
