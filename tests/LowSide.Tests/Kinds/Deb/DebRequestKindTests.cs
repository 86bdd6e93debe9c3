using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Tests.Kinds.Deb;

/// <summary>A deb request is "URL SUITE COMPONENT", package names and one architecture, from an allowed repository.</summary>
public sealed class DebRequestKindTests
{
    private const string Repository = "http://127.0.0.1:9/debian";

    private static NewRequest Valid => TestRequests.Deb(Repository, "bookworm", "nginx curl");

    [TestCase("source", Repository + "/ bookworm main", TestName = "Submit_SourceWithTrailingSlash_Refused")]
    [TestCase("source", Repository + " bookworm", TestName = "Submit_SourceWithoutComponent_Refused")]
    [TestCase("source", "ftp://127.0.0.1/debian bookworm main", TestName = "Submit_SourceNotHttp_Refused")]
    [TestCase("name", "Nginx", TestName = "Submit_UppercaseName_Refused")]
    [TestCase("name", "a", TestName = "Submit_OneLetterName_Refused")]
    [TestCase("name", "nginx  curl", TestName = "Submit_NamesSeparatedByTwoSpaces_Refused")]
    [TestCase("name", "nginx nginx", TestName = "Submit_NameTwice_Refused")]
    [TestCase("name", "nginx;rm", TestName = "Submit_NameWithShellCharacters_Refused")]
    [TestCase("platforms", "amd64 arm64", TestName = "Submit_TwoArchitectures_Refused")]
    [TestCase("platforms", "", TestName = "Submit_NoArchitecture_Refused")]
    [TestCase("platforms", "linux/amd64", TestName = "Submit_ImagePlatform_Refused")]
    [TestCase("version", "1.0", TestName = "Submit_Version_Refused")]
    [TestCase("sha256", "ab", TestName = "Submit_Sha256_Refused")]
    public async Task Submit_Malformed_ValidationFailedNamingTheField(string field, string value)
    {
        await using var site = await TestSite.CreateAsync(Repository + "/");
        var request = field switch
        {
            "source" => Valid with { Source = value },
            "name" => Valid with { Name = value },
            "platforms" => Valid with { Platforms = value.Split(' ', StringSplitOptions.RemoveEmptyEntries) },
            "version" => Valid with { Version = value },
            _ => Valid with { Sha256 = value },
        };

        var outcome = await (await site.GetAsync<RequestService>()).SubmitAsync(request, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(outcome.Error!.Field, Does.StartWith(field));
    }

    [Test]
    public async Task Submit_RepositoryNotInSourcesAllowed_SourceNotAllowed()
    {
        await using var site = await TestSite.CreateAsync("http://127.0.0.1:9/debian-security/");

        var outcome = await (await site.GetAsync<RequestService>()).SubmitAsync(Valid, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.SourceNotAllowed), outcome.Error?.Message);
    }

    [Test]
    public async Task Submit_Valid_StoredInTheRequestFields()
    {
        await using var site = await TestSite.CreateAsync(Repository + "/");

        var outcome = await (await site.GetAsync<RequestService>()).SubmitAsync(Valid, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        Assert.That((outcome.Value!.Source, outcome.Value.Name, outcome.Value.Platforms.Single()),
            Is.EqualTo((Repository + " bookworm main", "nginx curl", "amd64")));
        Assert.That(RequestKinds.Get(ArtifactKinds.Deb).PublishedName(outcome.Value), Is.EqualTo(("nginx curl", (string?)null)));
    }

    [Test]
    public void Read_CommandLine_WritesTheCanonicalSource()
    {
        var kind = RequestKinds.Get(ArtifactKinds.Deb);
        var parse = LowSideCommandLine.Build().Parse(
            ["request", "add", "deb", Repository + "/", "nginx", "curl", "--suite", "bookworm", "--justification", "x"]);

        var request = kind.Read(parse);

        Assert.That(parse.Errors, Is.Empty);
        Assert.That((request.Source, request.Name, request.Platforms?.Single()), Is.EqualTo((Repository + " bookworm main", "nginx curl", "amd64")));
    }
}
