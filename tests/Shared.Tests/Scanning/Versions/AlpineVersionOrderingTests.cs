using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

public sealed class AlpineVersionOrderingTests
{
    private readonly AlpineVersionOrdering _ordering = new();

    [TestCase("1.2.3_rc1", "1.2.3", -1)]
    [TestCase("1.2.3", "1.2.3_p1", -1)]
    [TestCase("1.2.3_rc1", "1.2.3_p1", -1)]
    [TestCase("1.2.3-r1", "1.2.3-r2", -1)]
    [TestCase("1.2.3-r9", "1.2.3-r10", -1)]
    [TestCase("1.2.3", "1.2.3-r0", -1)]
    [TestCase("1.2.3-r5", "1.2.4-r0", -1)]
    [TestCase("1.2.3_alpha", "1.2.3_beta", -1)]
    [TestCase("1.2.3_beta2", "1.2.3_pre1", -1)]
    [TestCase("1.2.3_pre1", "1.2.3_rc1", -1)]
    [TestCase("1.2.3_alpha2", "1.2.3_alpha10", -1)]
    [TestCase("1.2.3_cvs", "1.2.3_svn", -1)]
    [TestCase("1.2.3_git20240101", "1.2.3_hg1", -1)]
    [TestCase("1.2.3_hg1", "1.2.3_p0", -1)]
    [TestCase("1.0_p9-r0", "1.0_p10-r0", -1)]
    [TestCase("1.2.3_p1", "1.2.3.1", -1)]
    [TestCase("1.2", "1.2.0", -1)]
    [TestCase("1.2", "1.10", -1)]
    [TestCase("1.01", "1.1", -1)]
    [TestCase("1.2.07.8", "1.2.12.04", -1)]
    [TestCase("1.06-r6", "006", -1)]
    [TestCase("1.7", "1.7b", -1)]
    [TestCase("1.7b", "1.7c", -1)]
    [TestCase("2.5.1-r8", "2.5.1a-r1", -1)]
    [TestCase("0.1.0_alpha_pre2", "0.1.0_alpha", -1)]
    [TestCase("3.1.4-r1", "3.1.4-r1", 0)]
    [TestCase("3.0.11-r0", "3.0.12-r0", -1)]
    [TestCase("20050718-r1", "20050718-r2", -1)]
    [TestCase("1.0", "1.0_alpha1", 1)]
    [TestCase("1.2.3", "1.2.3~0abc", -1)]
    [TestCase("1.2.3~0abc", "1.2.3~0abd", -1)]
    [TestCase("1.2.3_git1~ab12-r0", "1.2.3_git1~ab12-r1", -1)]
    [TestCase("18446744073709551615", "18446744073709551614", 1)]
    public void Compare_Table_MatchesApkRules(string a, string b, int expected) => OrderingAssert.Compares(_ordering, a, b, expected);

    [TestCase("")]
    [TestCase("1.2.3_foo")]
    [TestCase("1.2.3-1")]
    [TestCase("1.2.3-r1a")]
    [TestCase("1.2.3_p1a")]
    [TestCase("1.2.3_rc1.4")]
    [TestCase("1.2.3ab")]
    [TestCase("1.2.3-r1.2")]
    [TestCase("1.2a3")]
    [TestCase("1.")]
    [TestCase("1.2.3_")]
    [TestCase("1.2.3-r")]
    [TestCase("1.2.3~")]
    [TestCase("1.2.3_patch1")]
    [TestCase("v1.2.3")]
    public void IsValid_BadSyntax_False(string version) => OrderingAssert.Refuses(_ordering, version);
}
