using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

public sealed class NuGetVersionOrderingTests
{
    private readonly NuGetVersionOrdering _ordering = new();

    [TestCase("1.0.0-beta", "1.0.0", -1)]
    [TestCase("1.0.0-beta.2", "1.0.0-beta.11", -1)]
    [TestCase("1.0.0-BETA", "1.0.0-beta", 0)]
    [TestCase("1.0", "1.0.0.0", 0)]
    [TestCase("1.0.0.1", "1.0.1", -1)]
    [TestCase("13.0.1", "13.0.3", -1)]
    [TestCase("6.0.0+abc", "6.0.0", 0)]
    [TestCase("4.3.0", "4.3.0-preview1", 1)]
    [TestCase("1.2.9", "1.10.0", -1)]
    public void Compare_Table_FollowsNuGetRules(string a, string b, int expected) => OrderingAssert.Compares(_ordering, a, b, expected);

    [TestCase("")]
    [TestCase("not-a-version")]
    [TestCase("1.0.0-")]
    [TestCase("1.0.0.0.0")]
    public void IsValid_NotNuGet_False(string version) => OrderingAssert.Refuses(_ordering, version);
}
