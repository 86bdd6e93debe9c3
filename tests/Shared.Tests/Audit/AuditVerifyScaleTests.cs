using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Audit;

/// <summary>Verification and export stream: memory stays flat however long the log is.</summary>
public sealed class AuditVerifyScaleTests
{
    private const int EntryCount = 100_000;

    // About 2 KB of details per entry: holding the log in memory would take over 400 MB of
    // strings, so a streaming verifier stays far below the limit and a buffering one far above.
    private const long ManagedHeapGrowthLimit = 64L * 1024 * 1024;

    private AuditFixture _fixture = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _fixture = await AuditFixture.CreateAsync();
        await InsertChainAsync(_fixture.DatabasePath, EntryCount);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _fixture.Dispose();

    [Test]
    public async Task VerifyAsync_HundredThousandEntries_IsValidWithModestMemory()
    {
        var key = HmacCheckpointKey.Create("audit-1");
        await _fixture.Log.WriteCheckpointAsync(key, CancellationToken.None);

        var (result, growth) = await MeasurePeakHeapGrowthAsync(() => _fixture.Log.VerifyAsync(key, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuditVerificationStatus.Valid), result.Message);
            Assert.That(result.EntriesVerified, Is.EqualTo(EntryCount));
            Assert.That(growth, Is.LessThan(ManagedHeapGrowthLimit), $"peak managed heap growth {growth / (1024 * 1024)} MB");
        }
    }

    [Test]
    public async Task ExportAsync_HundredThousandEntries_StreamsWithModestMemory()
    {
        await using var sink = new CountingStream();

        var (_, growth) = await MeasurePeakHeapGrowthAsync(async () =>
        {
            await _fixture.Log.ExportAsync(sink, CancellationToken.None);
            return 0;
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.Lines, Is.EqualTo(EntryCount));
            Assert.That(growth, Is.LessThan(ManagedHeapGrowthLimit), $"peak managed heap growth {growth / (1024 * 1024)} MB");
        }
    }

    /// <summary>Samples the managed heap while <paramref name="action"/> runs; returns its peak above the start.</summary>
    private static async Task<(T Result, long PeakGrowth)> MeasurePeakHeapGrowthAsync<T>(Func<Task<T>> action)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(5, CancellationToken.None);
            }
        });

        var result = await action();
        await done.CancelAsync();
        await sampler;
        var growth = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false)) - baseline;
        await TestContext.Out.WriteLineAsync($"peak managed heap growth: {growth / (1024 * 1024)} MB");
        return (result, growth);
    }

    /// <summary>Writes a valid chain in one transaction: appending one by one would fsync 100,000 times.</summary>
    private static async Task InsertChainAsync(string databasePath, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO audit_entries (sequence, timestamp_utc, actor, action, subject, details_json, previous_hash, hash)
            VALUES ($sequence, $timestamp, 'system', 'batch.imported', $subject, $details, $previous, $hash)
            """;
        var sequence = command.Parameters.Add("$sequence", SqliteType.Integer);
        var timestamp = command.Parameters.Add("$timestamp", SqliteType.Text);
        var subject = command.Parameters.Add("$subject", SqliteType.Text);
        var details = command.Parameters.Add("$details", SqliteType.Text);
        var previous = command.Parameters.Add("$previous", SqliteType.Text);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);

        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var padding = new string('x', 2000);
        var previousHash = AuditEntry.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var entry = new StoredAuditEntry(
                i, AuditHasher.FormatTimestamp(start.AddSeconds(i)), "system", "batch.imported", $"batch-{i}",
                $$"""{"index":{{i}},"padding":"{{padding}}"}""", previousHash, string.Empty);
            previousHash = entry.ComputeHash();
            sequence.Value = entry.Sequence;
            timestamp.Value = entry.Timestamp;
            subject.Value = entry.Subject;
            details.Value = entry.DetailsJson;
            previous.Value = entry.PreviousHash;
            hash.Value = previousHash;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>A write-only stream that counts newlines and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => Lines += buffer.Count((byte)'\n');

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
