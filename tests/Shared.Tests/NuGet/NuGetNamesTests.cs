using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.Shared.Tests.NuGet;

public sealed class NuGetNamesTests
{
    [TestCase("Newtonsoft.Json@13.0.3", "Newtonsoft.Json", "13.0.3")]
    [TestCase("xunit.runner.visualstudio@2.5.0", "xunit.runner.visualstudio", "2.5.0")]
    [TestCase("Acme_Words-Core@1.2.3.4", "Acme_Words-Core", "1.2.3.4")]
    [TestCase("a@1.0.0-rc.1", "a", "1.0.0-rc.1")]
    public void Parse_ValidPin_IdAndVersion(string text, string id, string version) =>
        Assert.That(NuGetPin.Parse(text), Is.EqualTo(new NuGetPin(id, version)));

    [TestCase("Newtonsoft.Json")]
    [TestCase("Newtonsoft.Json@13.0")]
    [TestCase("Newtonsoft.Json@13.0.3.0")]
    [TestCase("Newtonsoft.Json@013.0.3")]
    [TestCase("Newtonsoft.Json@[13.0.3]")]
    [TestCase("Newtonsoft.Json@13.0.3+sha.1")]
    [TestCase("Newtonsoft.Json@ 13.0.3")]
    [TestCase("../etc@1.0.0")]
    [TestCase("..@1.0.0")]
    [TestCase(".hidden@1.0.0")]
    [TestCase("a/b@1.0.0")]
    [TestCase("a..b@1.0.0")]
    [TestCase("@1.0.0")]
    public void Parse_NotAnExactNormalisedPin_Null(string text) => Assert.That(NuGetPin.Parse(text), Is.Null);

    [TestCase("A@1.0.0 B@2.0.0", true)]
    [TestCase("A@1.0.0 A@2.0.0", true)]
    [TestCase("A@1.0.0 a@1.0.0", false)]
    [TestCase("A@1.0.0-RC a@1.0.0-rc", false)]
    [TestCase("A@1.0.0  B@2.0.0", false)]
    [TestCase("", false)]
    public void SplitRequested_Pins_DistinctWhateverTheCase(string names, bool valid) =>
        Assert.That(NuGetNames.SplitRequested(names) is not null, Is.EqualTo(valid));

    [TestCase("packages.lock.json", true)]
    [TestCase("Ward.Dashboard/packages.lock.json", true)]
    [TestCase("../packages.lock.json", false)]
    [TestCase("a/b/packages.lock.json", false)]
    [TestCase("package-lock.json", false)]
    public void IsLockLabel_Names_OnlyTheLockFileOrAProjectsOne(string name, bool valid) =>
        Assert.That(NuGetNames.IsLockLabel(name), Is.EqualTo(valid));

    [TestCase("https://api.nuget.org/v3/index.json", true)]
    [TestCase("http://127.0.0.1:8080/v3/index.json", true)]
    [TestCase("https://api.nuget.org/v3/", false)]
    [TestCase("https://user:pw@api.nuget.org/v3/index.json", false)]
    [TestCase("https://api.nuget.org/v3/index.json?x=1", false)]
    [TestCase("file:///srv/feed", false)]
    public void IsServiceIndex_Urls_OnlyPlainHttpUrls(string url, bool valid) => Assert.That(NuGetNames.IsServiceIndex(url), Is.EqualTo(valid));

    [Test]
    public void PackagePath_MixedCase_LowerCaseFlatContainerPath() =>
        Assert.That(NuGetNames.PackagePath("Acme.Words", "2.1.0-RC.1"), Is.EqualTo("acme.words/2.1.0-rc.1/acme.words.2.1.0-rc.1.nupkg"));
}
