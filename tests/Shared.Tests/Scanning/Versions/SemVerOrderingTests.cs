using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

public sealed class SemVerOrderingTests
{
    private readonly SemVerOrdering _ordering = new();

    // The precedence chain from SemVer 2.0.0 section 11, then core numbers, build metadata and big numbers.
    [TestCase("1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [TestCase("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [TestCase("1.0.0-alpha.beta", "1.0.0-beta", -1)]
    [TestCase("1.0.0-beta", "1.0.0-beta.2", -1)]
    [TestCase("1.0.0-beta.2", "1.0.0-beta.11", -1)]
    [TestCase("1.0.0-beta.11", "1.0.0-rc.1", -1)]
    [TestCase("1.0.0-rc.1", "1.0.0", -1)]
    [TestCase("1.0.0", "2.0.0", -1)]
    [TestCase("2.0.0", "2.1.0", -1)]
    [TestCase("2.1.0", "2.1.1", -1)]
    [TestCase("1.9.0", "1.10.0", -1)]
    [TestCase("1.0.0+build.1", "1.0.0+build.2", 0)]
    [TestCase("1.0.0-rc.1+build.5", "1.0.0-rc.1", 0)]
    [TestCase("v1.2.3", "1.2.3", 0)]
    [TestCase("1.0.0-Alpha", "1.0.0-alpha", -1)]
    [TestCase("1.0.0-x-y-z.-", "1.0.0-x-y-z.a", -1)]
    [TestCase("99999999999999999999.0.0", "100000000000000000000.0.0", -1)]
    public void Compare_Table_FollowsSemVerPrecedence(string a, string b, int expected) =>
        OrderingAssert.Compares(_ordering, a, b, expected);

    [TestCase("")]
    [TestCase("1.0")]
    [TestCase("1.0.0.0")]
    [TestCase("01.0.0")]
    [TestCase("1.0.0-01")]
    [TestCase("1.0.0-")]
    [TestCase("1.0.0-a..b")]
    [TestCase("1.0.0+")]
    [TestCase("1.0.0-a_b")]
    [TestCase("vv1.0.0")]
    public void IsValid_BadSyntax_False(string version) => OrderingAssert.Refuses(_ordering, version);
}
