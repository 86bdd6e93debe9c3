using TransferPipeline.Shared.Persistence;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Requests;

public sealed class RequestServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private const string Registry = "127.0.0.1:5000";
    private const string Files = "http://127.0.0.1:8080/files/";

    private static NewRequest Valid(string kind = "image", string source = Registry + "/library/app:1.0") => new()
    {
        Kind = kind,
        Source = source,
        Requester = "alice",
        Justification = "CVE-2026-1234 fix",
        Ticket = "CHG-1",
    };

    [Test]
    public async Task Submit_ChartWhoseArchiveNameWouldPassTheFileNameLimit_RefusedNamingTheVersion()
    {
        // A name and a version of 128 characters each: "NAME-VERSION.tgz" is 261 bytes, which ART-21 refuses at import.
        await using var site = await TestSite.CreateAsync(Provider, Registry, Files);
        var service = await site.GetAsync<RequestService>();

        var outcome = await service.SubmitAsync(TestRequests.Chart(Files, new string('c', 128), new string('1', 128)), TestCallers.Alice,
            CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(outcome.Error!.Field, Is.EqualTo("version"));
        Assert.That(outcome.Error.Message, Does.Contain("255 bytes"));
    }

    [TestCase("video", Registry + "/library/app:1.0", null, null, "kind")]
    [TestCase(null, Registry + "/library/app:1.0", null, null, "kind")]
    [TestCase("image", Registry + "/library/app", null, null, "source")]
    [TestCase("image", "library/app:1.0", null, null, "source")]
    [TestCase("image", Registry + "/Library/App:1.0", null, null, "source")]
    [TestCase("image", Registry + "/library/app@sha256:abc", null, null, "source")]
    [TestCase("image", "", null, null, "source")]
    [TestCase("image", Registry + "/library/app:sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.sig", null, null, "source",
        TestName = "Submit_ImageUnderAnotherImagesCosignTag_RefusedNamingTheSource")]
    [TestCase("file", "", null, null, "source", TestName = "Submit_FileWithoutASource_RefusedNamingTheSource")]
    [TestCase("file", "ftp://127.0.0.1/x", null, null, "source")]
    [TestCase("file", "http://user:pw@127.0.0.1:8080/files/x", null, null, "source")]
    [TestCase("file", Files + "x.bin", "not-hex", null, "sha256")]
    [TestCase("file", Files + "report%E2%80%AEfdp.exe", null, null, "source", TestName = "Submit_FileUrlEndingInARightToLeftOverride_RefusedNamingTheSource")]
    [TestCase("file", Files + "tools%5Cpatch.bin", null, null, "source", TestName = "Submit_FileUrlEndingInAnEscapedBackslash_RefusedNamingTheSource")]
    [TestCase("file", Files + "..%2F", null, null, "source", TestName = "Submit_FileUrlEndingInAnEscapedParentStep_RefusedNamingTheSource")]
    [TestCase("file", Files + "CON", null, null, "source", TestName = "Submit_FileUrlEndingInAWindowsDeviceName_RefusedNamingTheSource")]
    [TestCase("image", Registry + "/library/app:1.0", null, "linux", "platforms[0]")]
    [TestCase("image", Registry + "/library/app:1.0", null, "linux/amd64;rm", "platforms[0]")]
    public async Task Submit_MalformedInput_RefusedNamingTheField(string? kind, string source, string? sha256, string? platform, string field)
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry, Files);
        var service = await site.GetAsync<RequestService>();

        var outcome = await service.SubmitAsync(Valid() with
        {
            Kind = kind,
            Source = source,
            Sha256 = sha256,
            Platforms = platform is null ? null : [platform],
        }, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(outcome.Error!.Field, Is.EqualTo(field));
        Assert.That(outcome.Error.Message, Does.StartWith(field + ":"));
    }

    [Test]
    public async Task Submit_ImageNarrowedToTwoPlatforms_RefusedNamingThePlatforms()
    {
        // An index narrowed to several platforms would name manifests the batch does not carry: no registry takes it.
        await using var site = await TestSite.CreateAsync(Provider, Registry, Files);
        var service = await site.GetAsync<RequestService>();

        var outcome = await service.SubmitAsync(Valid() with { Platforms = ["linux/amd64", "linux/arm64"] }, TestCallers.Alice,
            CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(outcome.Error!.Field, Is.EqualTo("platforms"));
        Assert.That(outcome.Error.Message, Does.Contain("one platform, or none"));
    }

    [Test]
    public async Task Submit_DocumentForAKindThatTakesNone_RefusedNamingTheField()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var service = await site.GetAsync<RequestService>();

        var outcome = await service.SubmitAsync(Valid() with { Document = "{\"lockfileVersion\": 3}" }, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(outcome.Error!.Field, Is.EqualTo("document"));
    }

    [Test]
    public async Task InsertAsync_WithDocument_KeepsItOutOfListsAndReturnsItOnAsking()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var service = await site.GetAsync<RequestService>();
        var repository = await site.GetAsync<RequestRepository>();
        var filed = (await service.SubmitAsync(Valid(), TestCallers.Alice, CancellationToken.None)).Value!;
        var carrying = filed with { Id = filed.Id[..^4] + "beef" };

        await repository.InsertAsync(carrying, CancellationToken.None, document: "lock file text\n");

        Assert.That(await repository.GetDocumentAsync(carrying.Id, CancellationToken.None), Is.EqualTo("lock file text\n"));
        Assert.That(await repository.GetDocumentAsync(filed.Id, CancellationToken.None), Is.Null);
        Assert.That((await repository.GetAsync(carrying.Id, CancellationToken.None))!.Source, Is.EqualTo(filed.Source));
    }

    [TestCase("justification", "")]
    [TestCase("justification", "oversize")]
    [TestCase("ticket", "oversize")]
    [TestCase("justification", "line\nbreak")]
    public async Task Submit_BadTextField_RefusedNamingTheField(string field, string value)
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry);
        var service = await site.GetAsync<RequestService>();
        var text = value == "oversize" ? new string('x', 5000) : value;
        var request = field switch
        {
            "justification" => Valid() with { Justification = text },
            _ => Valid() with { Ticket = text },
        };

        var outcome = await service.SubmitAsync(request, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(outcome.Error!.Field, Is.EqualTo(field));
    }

    [TestCase("image", "127.0.0.1:5001/library/app:1.0")]
    [TestCase("image", "registry.example.org/library/app:1.0")]
    [TestCase("file", "http://127.0.0.1:8080/other/x.bin")]
    [TestCase("file", "http://127.0.0.1:8080/filesystem/x.bin")]
    [TestCase("file", "http://127.0.0.1:8080/files/../secret/x.bin")]
    [TestCase("file", "http://127.0.0.1:8080/files/%2e%2e/secret/x.bin")]
    [TestCase("file", "http://127.0.0.1:8080/files/..%2Fsecret/x.bin")]
    [TestCase("file", "http://127.0.0.1:8080/files/..%5csecret/x.bin")]
    [TestCase("file", "https://127.0.0.1:8080/files/x.bin")]
    [TestCase("file", "http://127.0.0.1:8081/files/x.bin")]
    [TestCase("chart", "http://127.0.0.1:9090/charts/")]
    public async Task Submit_SourceNotAllowed_RefusedNamingTheSetting(string kind, string source)
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry, Files);
        var service = await site.GetAsync<RequestService>();
        var request = Valid(kind, source) with
        {
            Name = kind == "chart" ? "nginx" : null,
            Version = kind == "chart" ? "1.0.0" : null,
        };

        var outcome = await service.SubmitAsync(request, TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.SourceNotAllowed));
        Assert.That(outcome.Error!.Message, Does.Contain("Sources:Allowed"));
        Assert.That(await (await site.GetAsync<RequestQueries>()).ListAsync(TestCallers.Operator, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Submit_NothingAllowed_DeniesEverything()
    {
        await using var site = await TestSite.CreateAsync(Provider);
        var service = await site.GetAsync<RequestService>();

        var outcome = await service.SubmitAsync(Valid(), TestCallers.Alice, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.SourceNotAllowed));
    }

    [Test]
    public async Task Submit_Allowed_RecordsSubmittedRequest_ListShowCancel()
    {
        await using var site = await TestSite.CreateAsync(Provider, Registry, Files);
        var service = await site.GetAsync<RequestService>();
        var queries = await site.GetAsync<RequestQueries>();

        var image = await service.SubmitAsync(Valid() with { Platforms = ["linux/arm64"] }, TestCallers.Alice, CancellationToken.None);
        var file = await service.SubmitAsync(Valid("file", Files + "tool.tar.gz") with { Sha256 = new string('a', 64) }, TestCallers.Alice,
            CancellationToken.None);

        Assert.That(image.IsOk && file.IsOk, Is.True, image.Error?.Message ?? file.Error?.Message);
        var listed = await queries.ListAsync(TestCallers.Operator, CancellationToken.None);
        Assert.That(listed.Select(r => r.Id), Is.EquivalentTo(new[] { image.Value!.Id, file.Value!.Id }));
        var shown = await queries.GetAsync(image.Value.Id, TestCallers.Operator, CancellationToken.None);
        Assert.That(shown.Value!.Platforms, Is.EqualTo(new[] { "linux/arm64" }));
        Assert.That(shown.Value.Status, Is.EqualTo(RequestStatus.Submitted));

        var cancelled = await service.CancelAsync(file.Value.Id, TestCallers.Operator, CancellationToken.None);
        var again = await service.CancelAsync(file.Value.Id, TestCallers.Operator, CancellationToken.None);
        var missing = await queries.GetAsync("nope", TestCallers.Operator, CancellationToken.None);

        Assert.That(cancelled.Value!.Status, Is.EqualTo(RequestStatus.Cancelled));
        Assert.That(again.Error?.Code, Is.EqualTo(LowSideReasons.Conflict));
        Assert.That(missing.Error?.Code, Is.EqualTo(LowSideReasons.NotFound));
    }
}
