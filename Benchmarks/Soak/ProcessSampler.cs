using System.Globalization;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// Reads every running soak process's resident memory (<c>/proc/PID/status</c>, VmRSS) and CPU time (<c>/proc/PID/stat</c>,
/// utime + stime) every few seconds, and the machine's one-minute load average (<c>/proc/loadavg</c>).
/// </summary>
internal sealed class ProcessSampler(TimeProvider time)
{
    /// <summary>Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    private readonly Dictionary<ProcessLife, List<ProcessSample>> _samples = [];
    private readonly List<double> _load = [];

    public async Task RunAsync(Func<IReadOnlyList<ProcessLife>> running, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            Sample(running());
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Reads every process in <paramref name="running"/> once.</summary>
    public void Sample(IReadOnlyList<ProcessLife> running)
    {
        var now = time.GetUtcNow();
        lock (_samples)
        {
            foreach (var life in running)
            {
                if (Read(life.ProcessId, now) is { } sample)
                {
                    if (!_samples.TryGetValue(life, out var list))
                    {
                        _samples[life] = list = [];
                    }

                    list.Add(sample);
                }
            }

            if (File.Exists("/proc/loadavg")
                && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load))
            {
                _load.Add(load);
            }
        }
    }

    public IReadOnlyDictionary<ProcessLife, IReadOnlyList<ProcessSample>> Samples()
    {
        lock (_samples)
        {
            return _samples.ToDictionary(p => p.Key, p => (IReadOnlyList<ProcessSample>)[.. p.Value]);
        }
    }

    public IReadOnlyList<double> LoadAverages()
    {
        lock (_samples)
        {
            return [.. _load];
        }
    }

    private static ProcessSample? Read(int processId, DateTimeOffset now)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status");
            var rss = status.FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (rss is null || fields.Length < 13)
            {
                return null;
            }

            var kilobytes = long.Parse(rss["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(now, kilobytes * 1024, ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null; // The process ended between the listing and the read.
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
