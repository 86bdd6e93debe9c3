using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Tests.Scanning.Versions;

public sealed class VersionOrderingsTests
{
    [TestCase("Debian", typeof(DebianVersionOrdering))]
    [TestCase("Debian:12", typeof(DebianVersionOrdering))]
    [TestCase("Alpine", typeof(AlpineVersionOrdering))]
    [TestCase("Alpine:v3.19", typeof(AlpineVersionOrdering))]
    [TestCase("npm", typeof(SemVerOrdering))]
    [TestCase("PyPI", typeof(Pep440Ordering))]
    [TestCase("NuGet", typeof(NuGetVersionOrdering))]
    public void For_KnownEcosystem_GivesItsOrdering(string ecosystem, Type expected) =>
        Assert.That(VersionOrderings.For(ecosystem), Is.TypeOf(expected));

    [TestCase("Go")]
    [TestCase("Maven")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase(":12")]
    public void For_UnknownEcosystem_IsNull(string? ecosystem) => Assert.That(VersionOrderings.For(ecosystem), Is.Null);

    [TestCase("Debian:12", "Debian", "12")]
    [TestCase("Alpine:v3.19", "Alpine", "v3.19")]
    [TestCase("npm", "npm", null)]
    [TestCase("Debian:", "Debian", null)]
    public void EcosystemAndRelease_Names_SplitAtColon(string osvEcosystem, string ecosystem, string? release)
    {
        Assert.That(VersionOrderings.EcosystemName(osvEcosystem), Is.EqualTo(ecosystem));
        Assert.That(VersionOrderings.ReleaseName(osvEcosystem), Is.EqualTo(release));
    }

    [Test]
    public void All_EveryOrdering_IsFoundByItsOwnNameAndNamesAreDistinct()
    {
        var names = VersionOrderings.All.Select(o => o.Ecosystem).ToList();

        Assert.That(names, Is.Unique);
        Assert.That(names, Is.EquivalentTo(new[] { "Debian", "Alpine", "npm", "PyPI", "NuGet" }));
        foreach (var ordering in VersionOrderings.All)
        {
            Assert.That(VersionOrderings.For(ordering.Ecosystem), Is.SameAs(ordering));
        }
    }

    // Every ordering must be a total order on versions of its own kind: sorting a shuffled ladder gives the ladder back.
    [TestCase("Debian", "0.9", "1.0~rc1", "1.0", "1.0-1", "1.0-1+deb12u1", "1:0.1")]
    [TestCase("Alpine", "1.0_alpha1", "1.0_rc1", "1.0", "1.0-r1", "1.0_p1", "1.0.1")]
    [TestCase("npm", "0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0", "1.0.1")]
    [TestCase("PyPI", "0.9", "1.0.dev1", "1.0a1", "1.0rc1", "1.0", "1.0.post1")]
    [TestCase("NuGet", "0.9.0", "1.0.0-alpha", "1.0.0-beta", "1.0.0", "1.0.0.1", "1.0.1")]
    public void Compare_ShuffledLadder_SortsBackIntoOrder(string ecosystem, params string[] ladder)
    {
        var ordering = VersionOrderings.For(ecosystem)!;
        var shuffled = ladder.Reverse().Concat(ladder).ToList();

        var sorted = shuffled.Order(Comparer<string>.Create(ordering.Compare)).Distinct().ToList();

        Assert.That(sorted, Is.EqualTo(ladder));
    }
}
