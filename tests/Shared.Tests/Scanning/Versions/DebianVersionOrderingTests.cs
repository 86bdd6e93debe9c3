using TransferPipeline.Shared.Scanning.Versions;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

public sealed class DebianVersionOrderingTests
{
    // Versions as Debian archives spell them, with every rule of verrevcmp exercised somewhere in the list.
    private static readonly string[] CrossCheckVersions =
    [
        "1.0", "1.0~rc1", "1.0~rc1~1", "1.0~", "1.0+", "1.0a", "1.0.1", "1.00", "1.0-0", "1.0-1", "1.0-1.1", "1.0-1+b1",
        "1:0.9", "2.0", "0:2.0", "3.0.11-1~deb12u2", "3.0.11-1", "3.0.11-1+deb12u1", "7.88.1-10+deb12u5",
        "7.88.1-10+deb12u12", "2.36-9+deb12u4", "1.2.3-1ubuntu1", "1.10", "1.9", "1.2.3-a", "1.2.3-A", "2:1.0-1~bpo1",
    ];

    private readonly DebianVersionOrdering _ordering = new();

    [TestCase("1.0~rc1", "1.0", -1)]
    [TestCase("1.0~", "1.0", -1)]
    [TestCase("1.0~~", "1.0~", -1)]
    [TestCase("1:0.9", "2.0", 1)]
    [TestCase("0:2.0", "2.0", 0)]
    [TestCase("1.0", "1.0-0", 0)]
    [TestCase("1.01", "1.1", 0)]
    [TestCase("1.0", "1.0a", -1)]
    [TestCase("1.0a", "1.0+", -1)]
    [TestCase("1.0.1", "1.0a", 1)]
    [TestCase("1.10", "1.9", 1)]
    [TestCase("1.0-1", "1.0-2", -1)]
    [TestCase("1.0-9", "1.0-10", -1)]
    [TestCase("3.0.11-1~deb12u2", "3.0.11-1", -1)]
    [TestCase("7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1)]
    [TestCase("1.2.3-1ubuntu1", "1.2.3-1", 1)]
    [TestCase("10:1", "9:2", 1)]
    [TestCase("1.0-1-2", "1.0-1-10", -1)]
    public void Compare_Table_MatchesDpkgRules(string a, string b, int expected) => OrderingAssert.Compares(_ordering, a, b, expected);

    [TestCase("")]
    [TestCase("a1.0")]
    [TestCase("1.0-")]
    [TestCase("x:1.0")]
    [TestCase(":1.0")]
    [TestCase("1.0 2")]
    [TestCase("1.0_1")]
    [TestCase("1.0-1_2")]
    public void IsValid_BadSyntax_False(string version) => OrderingAssert.Refuses(_ordering, version);

    [Test]
    public async Task Compare_EveryPair_AgreesWithDpkgCompareVersions()
    {
        var dpkg = ProcessRunner.Require("dpkg");
        var disagreements = new List<string>();
        foreach (var a in CrossCheckVersions)
        {
            foreach (var b in CrossCheckVersions.Where(b => string.CompareOrdinal(a, b) < 0))
            {
                var expected = await DpkgCompareAsync(dpkg, a, b);
                var actual = Math.Sign(_ordering.Compare(a, b));
                if (actual != expected)
                {
                    disagreements.Add($"{a} vs {b}: dpkg {expected}, ours {actual}");
                }
            }
        }

        Assert.That(disagreements, Is.Empty);
    }

    private static async Task<int> DpkgCompareAsync(string dpkg, string a, string b)
    {
        var less = await ProcessRunner.RunAsync(dpkg, ["--compare-versions", a, "lt", b]);
        if (less.ExitCode == 0 && less.StandardError.Length == 0)
        {
            return -1;
        }

        // dpkg warns on stderr about a version it finds badly formed: every version in the list must be clean.
        Assert.That(less.ExitCode == 1 && less.StandardError.Length == 0, Is.True, $"dpkg: {a} lt {b}: {less}");
        var equal = await ProcessRunner.RunAsync(dpkg, ["--compare-versions", a, "eq", b]);
        return equal.ExitCode == 0 ? 0 : 1;
    }
}
