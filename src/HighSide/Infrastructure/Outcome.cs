using System.Diagnostics.CodeAnalysis;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>A value, or the expected failure that prevented it.</summary>
internal readonly record struct Outcome<T>(T? Value, HighSideError? Error)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(HighSideError error) => new(default, error);
}
