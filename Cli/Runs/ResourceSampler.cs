using System.Diagnostics;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Samples this process's CPU time (<see cref="Process.TotalProcessorTime"/>) and resident set size on a timer, so
/// the report can say how much of the machine the run took. Start it when the run starts, stop it when it ends.
/// </summary>
internal sealed class ResourceSampler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly List<long> _rss = [];
    private ITimer? _timer;
    private TimeSpan _startCpu;
    private long _startTimestamp;
    private TimeSpan _lastCpu;
    private long _lastTimestamp;
    private double _peakCpuPercent;
    private ResourceReport? _final;

    public ResourceSampler(TimeProvider time, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _time = time;
        _interval = interval;
    }

    public void Start()
    {
        lock (_gate)
        {
            _process.Refresh();
            _startCpu = _lastCpu = _process.TotalProcessorTime;
            _startTimestamp = _lastTimestamp = _time.GetTimestamp();
            Latest = (0, _process.WorkingSet64);
            _timer = _time.CreateTimer(_ => Sample(), null, _interval, _interval);
        }
    }

    /// <summary>CPU use over the last interval in percent of one core, and the latest RSS (for progress lines).</summary>
    public (double CpuPercent, long RssBytes) Latest { get; private set; }

    /// <summary>Stops sampling and summarises the run (idempotent).</summary>
    public ResourceReport Stop()
    {
        lock (_gate)
        {
            if (_final is not null)
            {
                return _final;
            }

            _timer?.Dispose();
            SampleLocked();
            var wall = _time.GetElapsedTime(_startTimestamp);
            var cpu = (_process.TotalProcessorTime - _startCpu).TotalSeconds;
            var meanPercent = wall > TimeSpan.Zero ? cpu / wall.TotalSeconds * 100 : 0;
            _final = new ResourceReport(cpu, meanPercent, meanPercent / Environment.ProcessorCount, _peakCpuPercent,
                _rss.Count > 0 ? (long)_rss.Average() : 0, PeakRss(), _rss.Count);
            return _final;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _process.Dispose();
    }

    private void Sample()
    {
        lock (_gate)
        {
            if (_final is null)
            {
                SampleLocked();
            }
        }
    }

    private void SampleLocked()
    {
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        var now = _time.GetTimestamp();
        var wall = _time.GetElapsedTime(_lastTimestamp, now);
        var percent = wall > TimeSpan.Zero ? (cpu - _lastCpu).TotalSeconds / wall.TotalSeconds * 100 : 0;
        _peakCpuPercent = Math.Max(_peakCpuPercent, percent);
        (_lastCpu, _lastTimestamp) = (cpu, now);
        var rss = _process.WorkingSet64;
        _rss.Add(rss);
        Latest = (percent, rss);
    }

    // VmHWM: the kernel's own high-water mark, which a sampling interval could miss.
    private long PeakRss()
    {
        _process.Refresh();
        return Math.Max(_process.PeakWorkingSet64, _rss.Count > 0 ? _rss.Max() : 0);
    }
}
