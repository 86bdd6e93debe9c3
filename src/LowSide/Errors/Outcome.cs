namespace TransferPipeline.LowSide.Errors;

/// <summary>A value, or the <see cref="LowSideError"/> that explains why there is none.</summary>
internal sealed record Outcome<T>
{
    private Outcome(T? value, LowSideError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public LowSideError? Error { get; }
    public bool IsSuccess => Error is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Failure(LowSideError error) => new(default, error);

    public static implicit operator Outcome<T>(LowSideError error) => Failure(error);
}
