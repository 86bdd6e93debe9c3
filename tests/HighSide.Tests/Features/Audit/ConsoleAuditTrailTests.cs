using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.HighSide.Features.Audit.Pages;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Tests.Features.Audit;

/// <summary>The console's audit page: the chain verified on every view, paged newest first.</summary>
public sealed class ConsoleAuditTrailTests : HighSideScenarioTests
{
    [Test]
    public async Task ReadAsync_MoreEntriesThanAPage_PagesNewestFirstAndVerifies()
    {
        await AppendAsync(120);
        var length = (await HighSide.Get<AuditLog>().HeadAsync("test", CancellationToken.None))!.Sequence;
        var reader = HighSide.Get<AuditTrailReader>();

        var first = await reader.ReadAsync(1, CancellationToken.None);
        var last = await reader.ReadAsync(99, CancellationToken.None);

        Assert.That(first.Verification.IsValid, Is.True, first.Verification.Message);
        Assert.That(first.Length, Is.EqualTo(length));
        Assert.That(first.PageCount, Is.EqualTo((int)((length + AuditTrailReader.PageSize - 1) / AuditTrailReader.PageSize)));
        Assert.That(first.Entries.Select(e => e.Sequence), Is.EqualTo(Sequences(length, AuditTrailReader.PageSize)));
        Assert.That(last.Page, Is.EqualTo(last.PageCount), "a page past the end shows the oldest");
        Assert.That(last.Entries[^1].Sequence, Is.EqualTo(1));
        Assert.That(last.Entries[0].Sequence, Is.EqualTo(length - ((long)(last.PageCount - 1) * AuditTrailReader.PageSize)));
    }

    [Test]
    public async Task ReadAsync_EntryEditedInTheDatabase_ReportsHashMismatchAtThatEntry()
    {
        await AppendAsync(5);
        await using (var connection = new SqliteConnection($"Data Source={HighSide.Data.DatabaseFile};Pooling=False"))
        {
            await connection.ExecuteAsync("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 3;");
        }

        var page = await HighSide.Get<AuditTrailReader>().ReadAsync(1, CancellationToken.None);

        Assert.That(page.Verification.Status, Is.EqualTo(AuditVerificationStatus.HashMismatch));
        Assert.That(page.Verification.FirstBadSequence, Is.EqualTo(3));
        Assert.That(page.Entries.Single(e => e.Sequence == 3).Actor, Is.EqualTo("mallory"), "the entries are shown as stored");
    }

    private async Task AppendAsync(int count)
    {
        var trail = HighSide.Get<AuditTrail>();
        for (var i = 0; i < count; i++)
        {
            await trail.RecordAsync("test", "test.event", $"subject-{i}", new { i }, CancellationToken.None);
        }
    }

    private static IEnumerable<long> Sequences(long from, int count) => Enumerable.Range(0, count).Select(i => from - i);
}
