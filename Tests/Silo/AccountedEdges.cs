using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Publishing;
using EdgeVision.Tests.Edge;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// One edge per camera as the agent runs it: an <see cref="MqttSequencePublisher"/> with its <see cref="SequenceAccounting"/>
/// (the camera's results and drops subscribed, each published sequence kept until its outcome, one republish, then
/// <c>no_result</c>), publishing the sequences a test makes.
/// </summary>
internal sealed class AccountedEdges : IAsyncDisposable
{
    private readonly Dictionary<string, (MqttSequencePublisher Publisher, SequenceAccounting Accounting)> _edges = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Metrics.IMeterFactory _meters = EdgeTestKit.NewMeterFactory();

    /// <param name="ledgerTime">The ledgers' clock (a fake one lets a test say when an outcome is overdue); the publishers run on the system's.</param>
    /// <param name="connection">Adds to each publisher's options (TLS, an account).</param>
    public AccountedEdges(string site, IEnumerable<string> cameras, int port, TimeSpan resultTimeout, string clientPrefix, TimeProvider? ledgerTime = null,
        Action<MqttPublisherOptions>? connection = null)
    {
        foreach (var camera in cameras)
        {
            var options = new MqttPublisherOptions { Host = "127.0.0.1", Port = port, ClientId = $"{clientPrefix}-{camera}" };
            connection?.Invoke(options);
            var publisher = new MqttSequencePublisher(options, new EdgeIdentity(site, camera, "test"), new PublisherInstruments(_meters, camera),
                TimeProvider.System, NullLogger<MqttSequencePublisher>.Instance);
            var accounting = new SequenceAccounting(publisher, new SequenceLedgerSettings(resultTimeout, 64, 10_000), new LedgerInstruments(_meters, camera),
                ledgerTime ?? TimeProvider.System, NullLogger<SequenceAccounting>.Instance);
            publisher.Start();
            _edges[camera] = (publisher, accounting);
        }
    }

    /// <summary>Waits until every camera's publisher is connected with its subscriptions in place.</summary>
    public async Task WhenReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var (publisher, _) in _edges.Values)
        {
            while (!publisher.IsReady)
            {
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                void OnReady(bool isReady)
                {
                    if (isReady)
                    {
                        ready.TrySetResult();
                    }
                }

                publisher.ReadyChanged += OnReady;
                if (!publisher.IsReady)
                {
                    await ready.Task.WaitAsync(ResultRecorder.Timeout, cancellationToken);
                }

                publisher.ReadyChanged -= OnReady;
            }
        }
    }

    /// <summary>Keeps <paramref name="sequence"/> in its camera's ledger and queues it at its publisher.</summary>
    public async Task PublishAsync(FrameSequence sequence, CancellationToken cancellationToken)
    {
        var (publisher, accounting) = _edges[sequence.CameraId];
        var payload = SequenceCodec.Encode(sequence);
        accounting.Ledger.Track(sequence.SequenceNumber, sequence.CaptureTime(0), sequence.FrameIndices[0], sequence.FrameCount, payload);
        await publisher.EnqueueAsync(sequence.SequenceNumber, payload, cancellationToken);
    }

    /// <summary>Completes when every camera's publisher has nothing queued or awaiting the broker's acknowledgement.</summary>
    public async Task WhenPublishedAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResultRecorder.Timeout);
        foreach (var (publisher, _) in _edges.Values)
        {
            if (!await publisher.FlushAsync(timeout.Token))
            {
                throw new TimeoutException($"{publisher.Identity.Camera} still has {publisher.Pending} sequences unacknowledged.");
            }
        }
    }

    /// <summary>Completes when every camera's ledger has settled every sequence it published (each within its timeout, one republish, and another timeout).</summary>
    public async Task WhenSettledAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        foreach (var (_, accounting) in _edges.Values)
        {
            if (!await accounting.Ledger.WhenSettledAsync(timeout.Token))
            {
                throw new TimeoutException($"The ledgers still await {Outstanding} outcomes after {within.TotalSeconds:F0} s.");
            }
        }
    }

    public int Outstanding => _edges.Values.Sum(e => e.Accounting.Ledger.Outstanding);

    public long Republished => _edges.Values.Sum(e => e.Accounting.Instruments.Republished);

    /// <summary>Sequences settled by outcome (<c>result</c>, a drop reason, <c>no_result</c>), all cameras together.</summary>
    public IReadOnlyDictionary<string, long> Outcomes() =>
        _edges.Values.SelectMany(e => e.Accounting.Instruments.Resolved())
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value.Sequences), StringComparer.Ordinal);

    public override string ToString() =>
        $"outcomes {string.Join(", ", Outcomes().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}; republished {Republished}; outstanding {Outstanding}";

    public async ValueTask DisposeAsync()
    {
        foreach (var (publisher, accounting) in _edges.Values)
        {
            accounting.Dispose();
            await publisher.DisposeAsync();
        }

        _meters.Dispose();
    }
}
