using TransferPipeline.Shared.Scanning.Osv;

namespace TransferPipeline.Shared.Tests.Scanning.Osv;

public sealed class OsvDatabaseTests
{
    private const string ValidRecord = """{"id": "TEST-1", "modified": "2099-02-01T00:00:00Z", "affected": []}""";

    [Test]
    public void Load_FixtureDirectory_CountsLiveRecordsAndNewestModified()
    {
        using var fixture = new OsvFixture();

        var database = OsvDatabase.Load(fixture.Path);

        // Nine records, one of them withdrawn; the newest time carries nanoseconds, cut to .NET's 100 ns ticks.
        Assert.That(database.RecordCount, Is.EqualTo(8));
        Assert.That(database.NewestModified, Is.EqualTo(new DateTimeOffset(2099, 1, 10, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567)));
    }

    [Test]
    public void Load_EmptyDirectory_HasNoRecordsAndNoAge()
    {
        using var fixture = new OsvFixture();
        Directory.Delete(fixture.Path, recursive: true);
        Directory.CreateDirectory(fixture.Path);

        var database = OsvDatabase.Load(fixture.Path);

        Assert.That(database.RecordCount, Is.Zero);
        Assert.That(database.NewestModified, Is.Null);
    }

    [Test]
    public void Load_MissingDirectory_Throws() =>
        Assert.That(
            () => OsvDatabase.Load("/nonexistent/osv-data"),
            Throws.TypeOf<OsvDataException>().With.Message.Contains("does not exist"));

    [Test]
    public void Load_OversizedRecordFile_IsRefusedNamingTheFile()
    {
        using var fixture = new OsvFixture();
        File.WriteAllText(fixture.Combine("records", "huge.json"), Padded(OsvDatabase.MaxRecordBytes + 1));

        Assert.That(
            () => OsvDatabase.Load(fixture.Path),
            Throws.TypeOf<OsvDataException>().With.Message.Contains("huge.json").And.Message.Contains("1 MiB limit"));
    }

    [Test]
    public void Load_RecordFileAtTheLimit_IsRead()
    {
        using var fixture = new OsvFixture();
        File.WriteAllText(fixture.Combine("records", "big.json"), Padded(OsvDatabase.MaxRecordBytes));

        Assert.That(OsvDatabase.Load(fixture.Path).RecordCount, Is.EqualTo(9));
    }

    [Test]
    public void Load_OversizedZipEntry_IsRefusedNamingZipAndEntry()
    {
        using var fixture = new OsvFixture();
        var huge = Padded(OsvDatabase.MaxRecordBytes + 1);
        OsvFixture.WriteZip(fixture.Combine("PyPI", "all.zip"), [("ok.json", ValidRecord), ("huge.json", huge)]);

        Assert.That(
            () => OsvDatabase.Load(fixture.Path),
            Throws.TypeOf<OsvDataException>().With.Message.Contains($"PyPI{Path.DirectorySeparatorChar}all.zip!huge.json"));
    }

    [TestCase("{\"id\": \"TEST-2\", \"modified\": ", "malformed")]
    [TestCase("[1, 2, 3]", "malformed")]
    [TestCase("{\"modified\": \"2099-01-01T00:00:00Z\"}", "needs an \"id\"")]
    [TestCase("{\"id\": \"TEST-2\"}", "needs an \"id\"")]
    [TestCase("{\"id\": \"TEST-2\", \"modified\": \"yesterday\"}", "RFC 3339")]
    [TestCase("{\"id\": \"TEST-2\", \"modified\": \"2099-01-01T00:00:00Z\", \"affected\": {}}", "malformed")]
    [TestCase("{\"id\": \"TEST-2\", \"id\": \"TEST-3\", \"modified\": \"2099-01-01T00:00:00Z\"}", "malformed")]
    public void Load_MalformedRecordFile_IsRefusedNamingTheFile(string json, string reason)
    {
        using var fixture = new OsvFixture();
        File.WriteAllText(fixture.Combine("records", "bad.json"), json);

        Assert.That(
            () => OsvDatabase.Load(fixture.Path),
            Throws.TypeOf<OsvDataException>().With.Message.Contains("bad.json").And.Message.Contains(reason));
    }

    [Test]
    public void Load_MalformedZipEntry_IsRefusedNamingZipAndEntry()
    {
        using var fixture = new OsvFixture();
        OsvFixture.WriteZip(fixture.Combine("npm", "all.zip"), [("ok.json", ValidRecord), ("GHSA-bad.json", "{ not json")]);

        Assert.That(
            () => OsvDatabase.Load(fixture.Path),
            Throws.TypeOf<OsvDataException>().With.Message.Contains("all.zip!GHSA-bad.json"));
    }

    [Test]
    public void Load_CorruptZip_IsRefusedNamingTheZip()
    {
        using var fixture = new OsvFixture();
        File.WriteAllText(fixture.Combine("Alpine", "all.zip"), "this is not a zip");

        Assert.That(
            () => OsvDatabase.Load(fixture.Path),
            Throws.TypeOf<OsvDataException>().With.Message.Contains("all.zip").And.Message.Contains("not a readable zip"));
    }

    [Test]
    public void Load_OtherFilesAndZipEntries_AreIgnored()
    {
        using var fixture = new OsvFixture();
        File.WriteAllText(fixture.Combine("records", "README.txt"), "not a record");
        OsvFixture.WriteZip(fixture.Combine("npm", "other.zip"), [("bad.json", "{ not json")]);
        OsvFixture.WriteZip(fixture.Combine("npm", "all.zip"), [("ok.json", ValidRecord), ("LICENSE", "text")]);

        Assert.That(OsvDatabase.Load(fixture.Path).RecordCount, Is.EqualTo(9));
    }

    [Test]
    public void Load_Cancelled_Throws()
    {
        using var fixture = new OsvFixture();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => OsvDatabase.Load(fixture.Path, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    // A valid record padded with spaces to exactly the given size in bytes.
    private static string Padded(int size) => ValidRecord + new string(' ', size - ValidRecord.Length);
}
