using EdgeVision.Contracts.Wire.Json;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Silo.Results;

/// <summary>
/// The library API's result callbacks (the guide's <c>pipeline.add_result_callback(handle_result)</c>): code hosted in
/// the silo process registers a callback and receives every result of the cameras this silo hosts, in each camera's
/// sequence order, on the camera grain's turn. Keep callbacks short; one that throws is logged and does not stop the
/// others. Disposing the returned handle removes the callback.
/// </summary>
public sealed partial class ResultCallbacks(ILogger<ResultCallbacks> logger)
{
    private readonly Lock _gate = new();
    private Action<InferenceResult>[] _callbacks = [];

    public int Count => Volatile.Read(ref _callbacks).Length;

    public IDisposable Add(Action<InferenceResult> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            _callbacks = [.. _callbacks, callback];
        }

        return new Registration(this, callback);
    }

    internal void Invoke(InferenceResult result)
    {
        foreach (var callback in Volatile.Read(ref _callbacks))
        {
            try
            {
                callback(result);
            }
            catch (Exception ex)
            {
                LogCallbackFailed(logger, ex, result.Site, result.Camera, result.SequenceNumber);
            }
        }
    }

    private void Remove(Action<InferenceResult> callback)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_callbacks, callback);
            if (index >= 0)
            {
                _callbacks = [.. _callbacks[..index], .. _callbacks[(index + 1)..]];
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A result callback threw for {Site}/{Camera} sequence {SequenceNumber}")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception, string site, string camera, long sequenceNumber);

    private sealed class Registration(ResultCallbacks owner, Action<InferenceResult> callback) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(callback);
            }
        }
    }
}
