using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Silo.Results;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Tests.Silo.Results;

public sealed class ResultCallbacksTests
{
    private static readonly InferenceResult Result = new(
        "site", "cam", 3, 24, 31, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        12, 4, "conv3d", "1", [new LabelScore("waving", 2, 0.9)], new AdaptiveState(32, 32, 0, 4, 15));

    [Fact]
    public void EveryRegisteredCallbackGetsTheResultEvenWhenAnEarlierOneThrows()
    {
        var callbacks = new ResultCallbacks(NullLogger<ResultCallbacks>.Instance);
        var received = new List<InferenceResult>();
        using var failing = callbacks.Add(_ => throw new InvalidOperationException("boom"));
        using var recording = callbacks.Add(received.Add);

        callbacks.Invoke(Result);

        Assert.Equal([Result], received);
    }

    [Fact]
    public void ADisposedRegistrationNoLongerReceivesResults()
    {
        var callbacks = new ResultCallbacks(NullLogger<ResultCallbacks>.Instance);
        var count = 0;
        var registration = callbacks.Add(_ => count++);
        callbacks.Invoke(Result);

        registration.Dispose();
        registration.Dispose();
        callbacks.Invoke(Result);

        Assert.Equal(1, count);
        Assert.Equal(0, callbacks.Count);
    }
}
