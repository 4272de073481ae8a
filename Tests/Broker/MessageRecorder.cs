using System.Buffers;
using MQTTnet;

namespace EdgeVision.Tests.Broker;

/// <summary>Records what an MQTT client receives and lets a test await a specific message (a signal, not a sleep).</summary>
internal sealed class MessageRecorder
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<Received> _received = [];
    private readonly List<(Func<Received, bool> Matches, TaskCompletionSource<Received> Signal)> _waiters = [];

    public MessageRecorder(IMqttClient client) => client.ApplicationMessageReceivedAsync += OnReceivedAsync;

    public IReadOnlyList<Received> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public Task<Received> WaitForAsync(string topic, CancellationToken cancellationToken) =>
        WaitForAsync(message => message.Topic == topic, cancellationToken);

    /// <summary>Waits for a message whose payload is <paramref name="text"/> in UTF-8.</summary>
    public Task<Received> WaitForPayloadAsync(string text, CancellationToken cancellationToken) =>
        WaitForAsync(message => message.Payload.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(text)), cancellationToken);

    private Task<Received> WaitForAsync(Func<Received, bool> matches, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_received.FirstOrDefault(matches) is { } already)
            {
                return Task.FromResult(already);
            }

            var signal = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((matches, signal));
            return signal.Task.WaitAsync(Timeout, cancellationToken);
        }
    }

    private Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Copy: the payload buffer belongs to the client once the handler returns.
        var message = new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
        lock (_gate)
        {
            _received.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Matches(message)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult(message);
            }
        }

        return Task.CompletedTask;
    }

    internal sealed record Received(string Topic, byte[] Payload);
}
