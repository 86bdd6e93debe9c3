using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.PyPI;

/// <summary>
/// PEP 440 versions as pip compares them: any spelling PEP 440 admits has one normal form (<c>1.0-RC1</c> is <c>1.0rc1</c>),
/// and two versions are the same release when they compare equal (<c>1.0 == 1.0.0</c>).
/// </summary>
public static class PyPIVersions
{
    /// <summary>The longest version accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>The normal form of <paramref name="text"/>, or null when it is not a PEP 440 version of at most 128 characters.</summary>
    public static string? Normalize(string? text) => text is { Length: > 0 and <= MaxLength } ? Pep440Version.Normalize(text) : null;

    /// <summary>Whether <paramref name="text"/> is a PEP 440 version written in its normal form.</summary>
    public static bool IsNormal(string? text) => text is not null && Normalize(text) == text;

    /// <summary>Whether two versions are the same release for pip's <c>==</c>; false when either is not a version.</summary>
    public static bool AreEqual(string? a, string? b) =>
        Normalize(a) is not null && Normalize(b) is not null && Pep440Version.TryParse(a, out var x) && Pep440Version.TryParse(b, out var y)
        && x!.CompareTo(y) == 0;
}
