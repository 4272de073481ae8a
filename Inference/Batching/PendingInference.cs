namespace EdgeVision.Inference.Batching;

/// <summary>The engine's state for one queued request: its task and its cancellation registration.</summary>
internal sealed class PendingInference(InferenceRequest request)
{
    private readonly TaskCompletionSource<InferenceOutcome> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration registration;

    public InferenceRequest Request { get; } = request;

    public Task<InferenceOutcome> Task => completion.Task;

    public bool IsCompleted => completion.Task.IsCompleted;

    public void Watch(CancellationToken cancellationToken, Action<PendingInference> cancel)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        registration = cancellationToken.UnsafeRegister(static (state, token) =>
        {
            var (pending, cancel) = ((PendingInference, Action<PendingInference>))state!;
            cancel(pending);
            pending.completion.TrySetCanceled(token);
        }, (this, cancel));
        if (IsCompleted)
        {
            registration.Dispose();
        }
    }

    public void Complete(InferenceOutcome outcome)
    {
        if (completion.TrySetResult(outcome))
        {
            registration.Dispose();
        }
    }
}
