using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.Shared.Tests.PyPI;

public sealed class PyPINamesTests
{
    [TestCase("Django", "django")]
    [TestCase("zope.interface", "zope-interface")]
    [TestCase("Foo__Bar-.baz", "foo-bar-baz")]
    [TestCase("-leading", null)]
    [TestCase("has space", null)]
    [TestCase("../etc", null)]
    public void Normalize_WrittenName_Pep503Form(string written, string? normal) =>
        Assert.That(PyPINames.Normalize(written), Is.EqualTo(normal));

    [TestCase("1.0", "1.0")]
    [TestCase("v1.0-RC1", "1.0rc1")]
    [TestCase("2024.01.07", "2024.1.7")]
    [TestCase("1.0-1", "1.0.post1")]
    [TestCase("1.0.dev", "1.0.dev0")]
    [TestCase("1!2.0-alpha.3+Ubuntu-1", "1!2.0a3+ubuntu.1")]
    [TestCase("1.0-", null)]
    [TestCase("latest", null)]
    [TestCase(">=1.0", null)]
    public void Normalize_Pep440Version_NormalForm(string written, string? normal) =>
        Assert.That(PyPIVersions.Normalize(written), Is.EqualTo(normal));

    [TestCase("1.0", "1.0.0", true)]
    [TestCase("1.0", "1.0.post0", false)]
    [TestCase("1.0a1", "1.0.0a1", true)]
    [TestCase("1.0", "1.1", false)]
    public void AreEqual_Versions_AsPipMatchesThem(string a, string b, bool equal) =>
        Assert.That(PyPIVersions.AreEqual(a, b), Is.EqualTo(equal));

    [TestCase("greeter-1.0.0-py3-none-any.whl", "greeter", "1.0.0")]
    [TestCase("acme_words-2.1-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "acme-words", "2.1")]
    [TestCase("Django-4.2.tar.gz", "django", "4.2")]
    [TestCase("zope.interface-6.0.zip", "zope-interface", "6.0")]
    [TestCase("acme-words-2.1.tar.gz", "acme-words", "2.1")]
    public void ParseFileName_WheelOrSdist_ProjectAndVersion(string file, string name, string version) =>
        Assert.That(PyPINames.ParseFileName(file), Is.EqualTo(new PyPIPin(name, version)));

    [TestCase("greeter-1.0.0-py2.7.egg")]
    [TestCase("greeter-1.0.0.win32.exe")]
    [TestCase("../greeter-1.0.0.tar.gz")]
    [TestCase("sub/greeter-1.0.0.tar.gz")]
    [TestCase(".greeter-1.0.0.tar.gz")]
    [TestCase("greeter-1.0.0-py3-any.whl")]
    [TestCase("greeter.tar.gz")]
    public void ParseFileName_NotADistributionOrUnsafe_Null(string file) => Assert.That(PyPINames.ParseFileName(file), Is.Null);

    [TestCase("greeter==1.0.0 acme-words==2.1", true)]
    [TestCase("requirements.txt", true)]
    [TestCase("ward-app/requirements.txt", true)]
    [TestCase("Greeter==1.0.0", false)]
    [TestCase("greeter==1.0-rc1", false)]
    [TestCase("greeter>=1.0", false)]
    [TestCase("greeter==1.0.0  acme-words==2.1", false)]
    [TestCase("greeter==1.0.0 greeter==1.0.0", false)]
    [TestCase("Ward_App/requirements.txt", false)]
    [TestCase("requirements.in", false)]
    public void IsArtifactName_PinsOrRequirementsLabel(string name, bool valid) => Assert.That(PyPINames.IsArtifactName(name), Is.EqualTo(valid));

    [TestCase("https://pypi.org/simple/", true)]
    [TestCase("http://127.0.0.1:8080/root/pypi/+simple/", true)]
    [TestCase("https://pypi.org/simple", false)]
    [TestCase("https://user:pw@pypi.org/simple/", false)]
    [TestCase("https://pypi.org/simple/?x=1", false)]
    [TestCase("file:///srv/simple/", false)]
    public void IsIndex_Url_HttpEndingInSlash(string url, bool valid) => Assert.That(PyPINames.IsIndex(url), Is.EqualTo(valid));

    [TestCase("Ward_App", "ward-app/requirements.txt")]
    [TestCase("my app", "requirements.txt")]
    [TestCase(null, "requirements.txt")]
    public void RequirementsLabel_Project_NormalisedLabel(string? project, string label) =>
        Assert.That(PyPINames.RequirementsLabel(project), Is.EqualTo(label));
}
