using MQTTnet.Server;

namespace EdgeVision.Broker;

/// <summary>Sessions that outlive their connection: when they end, and what ends with them.</summary>
internal sealed partial class MqttBrokerService
{
    private Task OnSessionDeletedAsync(SessionDeletedEventArgs e)
    {
        // Every way a session ends (a clean disconnect, a takeover with clean start, an expiry) frees its client id.
        _clientOwners.TryRemove(e.Id, out _);
        _rejectionLog.Forget(e.Id);
        if (_keptSessions.Forget(e.Id))
        {
            instruments.SessionResumedOrEnded();
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends the kept sessions whose time is up; runs on <see cref="SessionSweepInterval"/>.</summary>
    private async Task EndExpiredSessionsAsync()
    {
        if (Volatile.Read(ref _server) is not { } server)
        {
            return;
        }

        foreach (var clientId in _keptSessions.TakeExpired(time.GetUtcNow()))
        {
            instruments.SessionResumedOrEnded();
            try
            {
                // Null when MQTTnet ended it first (its own expiry check when the id connected again).
                var session = await server.GetSessionAsync(clientId);
                if (session is null)
                {
                    _clientOwners.TryRemove(clientId, out _);
                    continue;
                }

                if (session.DisconnectedTimestamp is null)
                {
                    // The client came back between the deadline and this check: its session is in use again.
                    continue;
                }

                var pending = session.PendingApplicationMessagesCount;
                await session.DeleteAsync();
                if (pending > 0)
                {
                    instruments.Dropped(BrokerInstruments.KindUnknown, BrokerInstruments.ReasonSessionExpired, pending);
                }

                LogSessionExpired(clientId, pending);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                // The broker is stopping.
                return;
            }
        }
    }
}
