using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

/// <summary>Checks one expected comparison both ways round, so an ordering that is not antisymmetric fails too.</summary>
internal static class OrderingAssert
{
    public static void Compares(IVersionOrdering ordering, string a, string b, int expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ordering.IsValid(a), Is.True, $"'{a}' should be valid");
            Assert.That(ordering.IsValid(b), Is.True, $"'{b}' should be valid");
        });
        Assert.Multiple(() =>
        {
            Assert.That(Math.Sign(ordering.Compare(a, b)), Is.EqualTo(expected), $"{a} vs {b}");
            Assert.That(Math.Sign(ordering.Compare(b, a)), Is.EqualTo(-expected), $"{b} vs {a}");
        });
    }

    public static void Refuses(IVersionOrdering ordering, string version)
    {
        Assert.That(ordering.IsValid(version), Is.False, $"'{version}' should be invalid");
        Assert.That(() => ordering.Compare(version, version), Throws.TypeOf<FormatException>());
    }
}
