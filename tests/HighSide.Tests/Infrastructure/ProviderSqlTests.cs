using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.HighSide.Kinds.ScannerData;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Infrastructure;

/// <summary>
/// The high side's statements written differently for each provider (ProviderSql), and the columns typed differently, run on
/// both, where the classes that use them in passing are too slow to run twice: the apt mirror's conflict check (json on SQLite,
/// jsonb on PostgreSQL), the order of scanner-data activations of one instant (rowid, identity) and accounts' booleans.
/// </summary>
[OnBothProviders]
public sealed class ProviderSqlTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    private string _batchId = null!;

    [SetUp]
    public async Task ImportABatchAsync()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 1_000, seed: 3);
        _batchId = (await HighSide.ImportAsync((await Scenario.WriteAsync([file])).VolumeDirectories.Single())).Id;
    }

    [Test]
    public async Task DebConflicts_SamePoolPathWithOtherBytes_FoundAndSameBytesNot()
    {
        var packages = HighSide.Get<DebPackageRepository>();
        var published = Deb("pool/main/h/hello/hello_1.0_amd64.deb", "aa");
        await packages.UpsertAsync("debian", Set(published, Deb("pool/main/h/hello/hello-doc_1.0_all.deb", "bb")), _batchId,
            Scenario.Clock.GetUtcNow(), CancellationToken.None);

        var conflicts = await packages.ConflictsAsync("debian",
            [Deb("pool/main/h/hello/hello_1.0_amd64.deb", "cc"), Deb("pool/main/h/hello/hello-doc_1.0_all.deb", "bb"), Deb("pool/new.deb", "dd")],
            CancellationToken.None);

        Assert.That(conflicts, Is.EqualTo(new[] { ("pool/main/h/hello/hello_1.0_amd64.deb", "aa") }));
        Assert.That((await packages.SuiteAsync("debian", "stable", CancellationToken.None))?.Architectures, Is.EqualTo(new[] { "amd64" }));
    }

    [Test]
    public async Task ScannerData_TwoActivationsOfOneInstant_TheLaterIsInForceAndTheSameDataTwiceAddsNothing()
    {
        var activations = HighSide.Get<ScannerDataRepository>();
        var now = Scenario.Clock.GetUtcNow();
        await activations.ActivateAsync(Activation("sha256:1", now), CancellationToken.None);
        await activations.ActivateAsync(Activation("sha256:2", now), CancellationToken.None);
        await activations.ActivateAsync(Activation("sha256:1", now), CancellationToken.None);

        Assert.That((await activations.NewestAsync("clamav", CancellationToken.None))?.Digest, Is.EqualTo("sha256:2"));
        Assert.That((await activations.AllAsync(CancellationToken.None)).Select(a => a.Digest), Is.EqualTo(new[] { "sha256:2", "sha256:1" }));
        Assert.That(await HighSide.AuditEntriesAsync(ScannerDataRepository.ActivatedAction), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Accounts_MustChangePasswordAndSecondFactors_ReadBackAsWritten()
    {
        var accounts = HighSide.Get<AccountRepository>();
        var database = HighSide.Get<Database>();
        var now = Scenario.Clock.GetUtcNow();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        await using (var transaction = await database.BeginWriteAsync(connection, CancellationToken.None))
        {
            Assert.That(await AccountRepository.InsertAsync(connection, transaction,
                new AccountRecord("erin", "operator", null, "hash", true, null, null, null, "s1", now, null), CancellationToken.None), Is.True);
            Assert.That(await AccountRepository.InsertAsync(connection, transaction,
                new AccountRecord("erin", "operator", null, "other", false, null, null, null, "s2", now, null), CancellationToken.None), Is.False,
                "a name is taken once");
            await transaction.CommitAsync();
        }

        Assert.That((await accounts.FindAsync("erin", CancellationToken.None))?.MustChangePassword, Is.True);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        await using (var transaction = await database.BeginWriteAsync(connection, CancellationToken.None))
        {
            Assert.That(await AccountRepository.SetPasswordAsync(connection, transaction, "erin", "hash2", mustChange: false, "s3", CancellationToken.None),
                Is.True);
            await transaction.CommitAsync();
        }

        Assert.That(await accounts.StartTotpEnrolmentAsync("erin", "SECRET", CancellationToken.None), Is.True);
        Assert.That(await accounts.ConfirmTotpAsync("erin", "SECRET", 100, now, CancellationToken.None), Is.True);
        Assert.That(await accounts.UseTotpStepAsync("erin", 100, CancellationToken.None), Is.False, "a code works once");
        Assert.That(await accounts.UseTotpStepAsync("erin", 101, CancellationToken.None), Is.True);

        var erin = await accounts.FindAsync("erin", CancellationToken.None);
        Assert.That((erin?.MustChangePassword, erin?.TotpLastStep, erin?.HasTotp), Is.EqualTo((false, 101L, true)));
        var summary = (await accounts.ListAsync(CancellationToken.None)).Single();
        Assert.That((summary.TotpEnrolled, summary.SecurityKeys), Is.EqualTo((true, 0)));
    }

    private static DebianPackage Deb(string filename, string sha256) => new()
    {
        Package = Path.GetFileNameWithoutExtension(filename).Split('_')[0],
        Version = "1.0",
        Architecture = filename.Contains("_all", StringComparison.Ordinal) ? "all" : "amd64",
        Filename = filename,
        Size = 10,
        Sha256 = sha256,
        Control = $"Package: {Path.GetFileNameWithoutExtension(filename)}\nFilename: {filename}",
    };

    private static DebianPackageSet Set(params DebianPackage[] packages) => new()
    {
        Format = DebianPackageSet.CurrentFormat,
        Repository = "http://deb.example/debian",
        Suite = "stable",
        Component = "main",
        Architecture = "amd64",
        Requested = [.. packages.Select(p => p.Package)],
        Packages = [.. packages.OrderBy(p => p.Filename, StringComparer.Ordinal)],
    };

    private ActivatedScannerData Activation(string digest, DateTimeOffset now) =>
        new("clamav", digest, "/srv/clamav/" + digest[7..], "v1", null, 10, _batchId, now);
}
