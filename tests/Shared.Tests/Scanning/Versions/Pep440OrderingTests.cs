using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

public sealed class Pep440OrderingTests
{
    private readonly Pep440Ordering _ordering = new();

    [TestCase("1.0.dev1", "1.0a1", -1)]
    [TestCase("1.0a1", "1.0", -1)]
    [TestCase("1.0", "1.0.post1", -1)]
    [TestCase("1.0a1.dev1", "1.0a1", -1)]
    [TestCase("1.0a1", "1.0a2", -1)]
    [TestCase("1.0a2", "1.0b1", -1)]
    [TestCase("1.0b1", "1.0rc1", -1)]
    [TestCase("1.0rc1", "1.0c1", 0)]
    [TestCase("1.0rc1", "1.0.post1.dev1", -1)]
    [TestCase("1.0.post1.dev1", "1.0.post1", -1)]
    [TestCase("1.0.post1", "1.0.1", -1)]
    [TestCase("1.0.0", "1.0", 0)]
    [TestCase("1.0-alpha1", "1.0a1", 0)]
    [TestCase("1.0.ALPHA.1", "1.0a1", 0)]
    [TestCase("1.0-beta", "1.0b0", 0)]
    [TestCase("1.0-pre2", "1.0rc2", 0)]
    [TestCase("1.0-1", "1.0.post1", 0)]
    [TestCase("1.0-r1", "1.0.post1", 0)]
    [TestCase("1.0.post", "1.0.post0", 0)]
    [TestCase("1.0-dev", "1.0.dev0", 0)]
    [TestCase("v1.0", "1.0", 0)]
    [TestCase(" 1.0 ", "1.0", 0)]
    [TestCase("1!0.5", "2.0", 1)]
    [TestCase("0!2.0", "2.0", 0)]
    [TestCase("1!1.0", "2!0.1", -1)]
    [TestCase("1.0", "1.0+local", -1)]
    [TestCase("1.0+abc", "1.0+1", -1)]
    [TestCase("1.0+1", "1.0+2", -1)]
    [TestCase("1.0+ubuntu.1", "1.0+ubuntu-1", 0)]
    [TestCase("1.0+abc.5", "1.0+abc.5.1", -1)]
    [TestCase("1.0+2", "1.0.post1", -1)]
    [TestCase("1.9", "1.10", -1)]
    [TestCase("2.0.0.0.0.1", "2", 1)]
    public void Compare_Table_FollowsPep440(string a, string b, int expected) => OrderingAssert.Compares(_ordering, a, b, expected);

    [TestCase("")]
    [TestCase("1.0-foo")]
    [TestCase("french toast")]
    [TestCase("1.0+")]
    [TestCase("1.0+a..b")]
    [TestCase("!1.0")]
    [TestCase("1..0")]
    [TestCase("1.0.dev1.post1")]
    public void IsValid_NotPep440_False(string version) => OrderingAssert.Refuses(_ordering, version);
}
