using System.Buffers.Binary;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Audit;

public sealed class AuditLogTests
{
    private AuditFixture _fixture = null!;

    private AuditLog Log => _fixture.Log;

    [SetUp]
    public async Task SetUp() => _fixture = await AuditFixture.CreateAsync();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task AppendAsync_FirstEntry_LinksToGenesisAndIsStampedByTheClock()
    {
        _fixture.Clock.UtcNow = new DateTimeOffset(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);

        var entry = await Log.AppendAsync("officer.alice", "approval.recorded", "batch-0001", new { digest = "abc" }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Sequence, Is.EqualTo(1));
            Assert.That(entry.PreviousHash, Is.EqualTo(new string('0', 64)));
            Assert.That(entry.Timestamp, Is.EqualTo(_fixture.Clock.UtcNow));
            Assert.That(entry.Hash, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(await _fixture.ReadAllAsync(), Is.EqualTo(new[] { entry }));
        }
    }

    [Test]
    public async Task AppendAsync_SeveralEntries_FormOneGaplessChain()
    {
        var entries = await _fixture.AppendManyAsync(5);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
            for (var i = 1; i < entries.Count; i++)
            {
                Assert.That(entries[i].PreviousHash, Is.EqualTo(entries[i - 1].Hash), $"link of entry {i + 1}");
            }
        }
    }

    [Test]
    public async Task AppendAsync_Hash_IsSha256OfTheDocumentedLengthPrefixedEncoding()
    {
        _fixture.Clock.UtcNow = new DateTimeOffset(2025, 6, 1, 12, 30, 0, TimeSpan.Zero).AddTicks(5);

        var entry = await Log.AppendAsync("officer.ørsted", "trust.key-added", "key-7", new { fingerprint = "ab:cd" }, CancellationToken.None);

        // Built by hand from the format in AuditEntry's documentation, not with the product's code.
        using var encoding = new MemoryStream();
        foreach (var field in new[]
        {
            "transferpipeline.audit.entry.v1", "1", "2025-06-01T12:30:00.0000005+00:00", "officer.ørsted",
            "trust.key-added", "key-7", """{"fingerprint":"ab:cd"}""", new string('0', 64),
        })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            encoding.Write(length);
            encoding.Write(bytes);
        }

        Assert.That(entry.Hash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(encoding.ToArray()))));
    }

    [Test]
    public async Task AppendAsync_Details_AreStoredAsCanonicalJson()
    {
        var entry = await Log.AppendAsync(
            "system", "batch.imported", "batch-0001",
            new { Zeta = 1, Alpha = "é<x>", Nested = new { B = true, A = (string?)null }, List = new[] { 3, 1 } },
            CancellationToken.None);

        Assert.That(entry.DetailsJson, Is.EqualTo("""{"alpha":"é<x>","list":[3,1],"nested":{"a":null,"b":true},"zeta":1}"""));
    }

    [Test]
    public async Task AppendAsync_SameDetailsInAnotherOrderOrEscaping_AreStoredAlike()
    {
        using var parsed = JsonDocument.Parse("""{ "b": "\u0041", "a": 1 }""");

        var fromJson = await Log.AppendAsync("system", "batch.imported", "b1", parsed.RootElement, CancellationToken.None);
        var fromObject = await Log.AppendAsync("system", "batch.imported", "b1", new { B = "A", A = 1 }, CancellationToken.None);

        Assert.That(fromJson.DetailsJson, Is.EqualTo(fromObject.DetailsJson).And.EqualTo("""{"a":1,"b":"A"}"""));
    }

    [Test]
    public async Task AppendAsync_NullDetails_AreStoredAsEmptyObject()
    {
        var entry = await Log.AppendAsync("system", "audit.started", "", null, CancellationToken.None);

        Assert.That(entry.DetailsJson, Is.EqualTo("{}"));
    }

    [TestCase("a string")]
    [TestCase(42)]
    [TestCase(new[] { 1, 2 })]
    public void AppendAsync_DetailsNotAJsonObject_Throws(object details)
    {
        Assert.That(
            () => Log.AppendAsync("system", "batch.imported", "batch-0001", details, CancellationToken.None),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("details"));
    }

    [TestCase("", "batch.imported", "b1", "actor")]
    [TestCase("system", " ", "b1", "action")]
    [TestCase("officer\nalice", "batch.imported", "b1", "actor")]
    [TestCase("system", "batch.imported", "b1\u0000", "subject")]
    public void AppendAsync_UnprintableField_Throws(string actor, string action, string subject, string parameter)
    {
        Assert.That(
            () => Log.AppendAsync(actor, action, subject, null, CancellationToken.None),
            Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo(parameter));
    }

    [Test]
    public void AppendAsync_LoneSurrogateInActor_Throws()
    {
        // Built at run time: a lone surrogate does not survive being stored in an attribute.
        var actor = "officer" + '\ud800';

        Assert.That(
            () => Log.AppendAsync(actor, "batch.imported", "b1", null, CancellationToken.None),
            Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("actor"));
    }

    [Test]
    public async Task VerifyAsync_UntouchedLog_IsValid()
    {
        await _fixture.AppendManyAsync(7);

        var result = await Log.VerifyAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuditVerificationStatus.Valid));
            Assert.That(result.IsValid, Is.True);
            Assert.That(result.FirstBadSequence, Is.Null);
            Assert.That(result.EntriesVerified, Is.EqualTo(7));
        }
    }

    [Test]
    public async Task VerifyAsync_EmptyLog_IsValid()
    {
        var result = await Log.VerifyAsync(HmacCheckpointKey.Create("audit-1"), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AuditVerificationStatus.Valid));
    }

    [Test]
    public async Task AppendAsync_InCallersTransaction_CommitsTogetherWithTheStateChange()
    {
        await using (var connection = await _fixture.Database.OpenAsync(CancellationToken.None))
        await using (var transaction = connection.BeginTransaction())
        {
            await connection.ExecuteAsync("INSERT INTO batches (id, state) VALUES ('b1', 'approved')", transaction: transaction);
            await Log.AppendAsync(connection, transaction, "officer.bob", "approval.recorded", "b1", null, CancellationToken.None);
            transaction.Commit();
        }

        await Log.SyncMirrorAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _fixture.ReadAllAsync()).Select(e => e.Subject), Is.EqualTo(new[] { "b1" }));
            Assert.That(await File.ReadAllLinesAsync(Log.MirrorPath), Has.Length.EqualTo(1));
        }
    }

    [Test]
    public async Task AppendAsync_InCallersTransactionRolledBack_LeavesNoEntryAndNoGap()
    {
        await using (var connection = await _fixture.Database.OpenAsync(CancellationToken.None))
        await using (var transaction = connection.BeginTransaction())
        {
            await connection.ExecuteAsync("INSERT INTO batches (id, state) VALUES ('b1', 'approved')", transaction: transaction);
            await Log.AppendAsync(connection, transaction, "officer.bob", "approval.recorded", "b1", null, CancellationToken.None);
            transaction.Rollback();
        }

        var next = await Log.AppendAsync("system", "batch.rejected", "b2", null, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(next.Sequence, Is.EqualTo(1));
            Assert.That((await Log.VerifyAsync(CancellationToken.None)).IsValid, Is.True);
        }
    }

    [Test]
    public async Task AppendAsync_TransactionOfAnotherConnection_Throws()
    {
        await using var connection = await _fixture.Database.OpenAsync(CancellationToken.None);
        await using var other = await _fixture.Database.OpenAsync(CancellationToken.None);
        await using var transaction = other.BeginTransaction();

        Assert.That(
            () => Log.AppendAsync(connection, transaction, "system", "batch.imported", "b1", null, CancellationToken.None),
            Throws.ArgumentException);
    }

    [Test]
    public async Task AppendAsync_ConcurrentAppenders_KeepAGaplessLinearChain()
    {
        // Two AuditLog instances on separate SqliteDatabase objects stand in for two processes.
        var second = new AuditLog(new SqliteDatabase(_fixture.DatabasePath), Log.MirrorPath, _fixture.Clock);
        var appenders = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var log = worker % 2 == 0 ? Log : second;
            for (var i = 0; i < 25; i++)
            {
                await log.AppendAsync($"worker-{worker}", "batch.imported", $"b-{worker}-{i}", new { i }, CancellationToken.None);
            }
        }));

        await Task.WhenAll(appenders);

        var entries = await _fixture.ReadAllAsync();
        var mirror = (await File.ReadAllLinesAsync(Log.MirrorPath)).Select(line => AuditJsonLines.ParseEntry(Encoding.UTF8.GetBytes(line)).ToEntry());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(1, 150).Select(i => (long)i)));
            Assert.That(entries.Select(e => e.Subject).Distinct().Count(), Is.EqualTo(150));
            Assert.That((await Log.VerifyAsync(CancellationToken.None)).Status, Is.EqualTo(AuditVerificationStatus.Valid));
            Assert.That(mirror, Is.EqualTo(entries), "mirror lines in sequence order");
        }
    }

    [Test]
    public async Task Mirror_HasOneLinePerEntryMatchingTheDatabase()
    {
        await _fixture.AppendManyAsync(6);

        var lines = await File.ReadAllLinesAsync(Log.MirrorPath);
        var entries = await _fixture.ReadAllAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Length.EqualTo(entries.Count));
            Assert.That(lines.Select(line => AuditJsonLines.ParseEntry(Encoding.UTF8.GetBytes(line)).ToEntry()), Is.EqualTo(entries));
            Assert.That(lines[0], Does.StartWith("""{"sequence":1,"timestamp":"2025-01-01T00:01:00.0000000+00:00","actor":"officer.alice","""));
        }
    }

    [Test]
    public async Task SyncMirrorAsync_MirrorDeleted_RewritesItFromTheDatabase()
    {
        await _fixture.AppendManyAsync(4);
        File.Delete(Log.MirrorPath);

        await Log.SyncMirrorAsync(CancellationToken.None);

        Assert.That(await File.ReadAllLinesAsync(Log.MirrorPath), Has.Length.EqualTo(4));
    }

    [Test]
    public async Task AppendAsync_MirrorEndsInAPartialLine_CutsItAndCatchesUp()
    {
        await _fixture.AppendManyAsync(3);
        await using (var mirror = new FileStream(Log.MirrorPath, FileMode.Open, FileAccess.Write))
        {
            mirror.SetLength(mirror.Length - 20);
        }

        await _fixture.AppendManyAsync(1);

        var lines = await File.ReadAllLinesAsync(Log.MirrorPath);
        Assert.That(
            lines.Select(line => AuditJsonLines.ParseEntry(Encoding.UTF8.GetBytes(line)).Sequence),
            Is.EqualTo(new long[] { 1, 2, 3, 4 }));
    }

    [Test]
    public async Task ExportAsync_EveryEntry_RoundTrips()
    {
        await _fixture.AppendManyAsync(12);
        using var export = new MemoryStream();

        await Log.ExportAsync(export, CancellationToken.None);

        var lines = Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parsed = lines.Select(line => AuditJsonLines.ParseEntry(Encoding.UTF8.GetBytes(line))).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Select(p => p.ToEntry()), Is.EqualTo(await _fixture.ReadAllAsync()));
            Assert.That(parsed.Select(p => p.ComputeHash()), Is.EqualTo(parsed.Select(p => p.Hash)), "each exported line re-hashes to its hash");
            Assert.That(export.ToArray(), Is.EqualTo(await File.ReadAllBytesAsync(Log.MirrorPath)), "export equals the mirror");
        }
    }

    [Test]
    public async Task WriteCheckpointAsync_StoresTheSignedHeadInTheTableAndTheSideFile()
    {
        var entries = await _fixture.AppendManyAsync(3);
        var key = HmacCheckpointKey.Create("audit-2025");

        var checkpoint = await Log.WriteCheckpointAsync(key, CancellationToken.None);

        await using var connection = await _fixture.Database.OpenAsync(CancellationToken.None);
        var stored = await connection.QuerySingleAsync<(long Sequence, string Hash, string KeyId)>("SELECT sequence, hash, key_id FROM audit_checkpoints");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(checkpoint.Sequence, Is.EqualTo(3));
            Assert.That(checkpoint.Hash, Is.EqualTo(entries[^1].Hash));
            Assert.That(checkpoint.KeyId, Is.EqualTo("audit-2025"));
            Assert.That(stored, Is.EqualTo((3L, entries[^1].Hash, "audit-2025")));
            Assert.That(AuditJsonLines.TryParseCheckpoint((await File.ReadAllLinesAsync(Log.CheckpointPath)).Single()), Is.EqualTo(checkpoint));
            Assert.That(Log.CheckpointPath, Does.EndWith("audit.checkpoints.jsonl"));
        }
    }

    [Test]
    public void WriteCheckpointAsync_EmptyLog_Throws()
    {
        Assert.That(
            () => Log.WriteCheckpointAsync(HmacCheckpointKey.Create("audit-1"), CancellationToken.None),
            Throws.InvalidOperationException);
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task MirrorAndCheckpointFiles_AreNotWorldReadable()
    {
        await _fixture.AppendManyAsync(1);
        await Log.WriteCheckpointAsync(HmacCheckpointKey.Create("audit-1"), CancellationToken.None);

        const UnixFileMode world = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(Log.MirrorPath) & world, Is.EqualTo(UnixFileMode.None));
            Assert.That(File.GetUnixFileMode(Log.CheckpointPath) & world, Is.EqualTo(UnixFileMode.None));
        }
    }

    [TestCase("UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 1")]
    [TestCase("DELETE FROM audit_entries WHERE sequence = 1")]
    public async Task ApplicationSql_ChangingAnEntry_IsRefusedByTheDatabase(string sql)
    {
        await _fixture.AppendManyAsync(1);
        await using var connection = await _fixture.Database.OpenAsync(CancellationToken.None);

        Assert.That(
            () => connection.ExecuteAsync(sql),
            Throws.InstanceOf<SqliteException>().With.Message.Contains("append-only"));
    }
}
