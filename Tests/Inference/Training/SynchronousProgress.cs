namespace EdgeVision.Tests.Inference.Training;

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so a test sees every report before it asserts.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
