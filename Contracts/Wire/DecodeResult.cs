using System.Diagnostics.CodeAnalysis;

namespace EdgeVision.Contracts.Wire;

/// <summary>The outcome of a total decoder: exactly one of <see cref="Value"/> and <see cref="Failure"/> is set.</summary>
public sealed class DecodeResult<T>
    where T : class
{
    private DecodeResult(T? value, DecodeFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public DecodeFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Value is not null;

    public static DecodeResult<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static DecodeResult<T> Fail(DecodeFailure failure) =>
        new(null, failure ?? throw new ArgumentNullException(nameof(failure)));

    public static DecodeResult<T> Fail(DecodeFailureReason reason, string message) => new(null, new DecodeFailure(reason, message));

    public override string ToString() => IsSuccess ? $"Success({Value})" : $"Failure({Failure})";
}
