using TransferPipeline.Shared.Npm;

namespace TransferPipeline.Shared.Tests.Npm;

public sealed class NpmNamesTests
{
    [TestCase("left-pad@1.3.0", "left-pad", "1.3.0")]
    [TestCase("@types/node@20.11.5", "@types/node", "20.11.5")]
    [TestCase("JSONStream@1.3.5", "JSONStream", "1.3.5")]
    [TestCase("a@1.0.0-rc.1+build.7", "a", "1.0.0-rc.1+build.7")]
    public void Parse_ValidPin_NameAndVersion(string text, string name, string version) =>
        Assert.That(NpmPin.Parse(text), Is.EqualTo(new NpmPin(name, version)));

    [TestCase("left-pad")]
    [TestCase("left-pad@^1.3.0")]
    [TestCase("left-pad@latest")]
    [TestCase("left-pad@v1.3.0")]
    [TestCase("left-pad@01.3.0")]
    [TestCase("@types@1.0.0")]
    [TestCase("../etc@1.0.0")]
    [TestCase(".hidden@1.0.0")]
    [TestCase("@scope/../x@1.0.0")]
    [TestCase("a b@1.0.0")]
    [TestCase("@1.0.0")]
    public void Parse_NotAnExactPin_Null(string text) => Assert.That(NpmPin.Parse(text), Is.Null);

    [TestCase("a@1.0.0 b@2.0.0", true)]
    [TestCase("a@1.0.0 a@2.0.0", true)]
    [TestCase("a@1.0.0 a@1.0.0", false)]
    [TestCase("a@1.0.0  b@2.0.0", false)]
    [TestCase(" a@1.0.0", false)]
    [TestCase("", false)]
    public void SplitRequested_Pins_ValidOnlyWhenDistinctAndSingleSpaced(string name, bool valid) =>
        Assert.That(NpmNames.SplitRequested(name) is not null, Is.EqualTo(valid));

    [TestCase("package-lock.json", true)]
    [TestCase("web/package-lock.json", true)]
    [TestCase("@acme/web/package-lock.json", true)]
    [TestCase("../package-lock.json", false)]
    [TestCase("web/yarn.lock", false)]
    [TestCase("/package-lock.json", false)]
    public void IsLockLabel_Label_ValidOnlyForALockFileName(string label, bool valid) =>
        Assert.That(NpmNames.IsLockLabel(label), Is.EqualTo(valid));

    [TestCase("https://registry.npmjs.org", true)]
    [TestCase("http://127.0.0.1:4873/npm", true)]
    [TestCase("https://registry.npmjs.org/", false)]
    [TestCase("https://user:pw@registry.example", false)]
    [TestCase("https://registry.example/?a=b", false)]
    [TestCase("git+https://github.com/x/y", false)]
    public void IsRegistry_Url_ValidOnlyWithoutCredentialsQueryOrFinalSlash(string url, bool valid) =>
        Assert.That(NpmNames.IsRegistry(url), Is.EqualTo(valid));

    [TestCase("@types/node", "20.1.0", "@types/node/-/node-20.1.0.tgz")]
    [TestCase("left-pad", "1.3.0", "left-pad/-/left-pad-1.3.0.tgz")]
    public void TarballPath_Package_RegistryLayout(string name, string version, string path) =>
        Assert.That(NpmNames.TarballPath(name, version), Is.EqualTo(path));
}
