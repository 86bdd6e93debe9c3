using System.Diagnostics.CodeAnalysis;

namespace TransferPipeline.Hosting.Outcomes;

/// <summary>A value, or the <see cref="Failure"/> that explains why there is none.</summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Factories read better than casts.")]
[SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Success and Fail are the named alternates.")]
public readonly record struct Outcome<T>(T? Value, Failure? Error)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Fail(Failure error) => new(default, error);

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure error) => new(default, error);
}
