using System.Text;
using Dapper;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Infrastructure;

/// <summary>Upgrading a database written before batch_blobs existed, on a real SQLite file.</summary>
public sealed class HighSideMigrationsTests
{
    private BatchScenario _scenario = null!;
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _scenario = new BatchScenario();
        _directory = new TempDirectory("highside-migrations");
    }

    [TearDown]
    public void TearDown()
    {
        _directory.Dispose();
        _scenario.Dispose();
    }

    [Test]
    public async Task BatchBlobs_DatabaseWithManifestJson_BlobsMovedToTheirTableAndColumnDropped()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 100_000, seed: 6);
        var written = await _scenario.WriteAsync([image], present: new HashSet<string> { image.Blobs[^1].Digest });
        var manifestJson = Encoding.UTF8.GetString(ManifestReader.Serialize(written.Manifest));
        var database = new SqliteDatabase(_directory.Combine("highside.db"));
        await new MigrationRunner(database, HighSideMigrations.All.Take(2), TimeProvider.System).RunAsync(CancellationToken.None);
        await InsertBatchAsync(database, "site-a-000001", "awaiting-approval", manifestJson);
        await InsertBatchAsync(database, "site-a-000001-refused-1", "refused", manifestJson);

        var applied = await new MigrationRunner(database, HighSideMigrations.All.Take(3), TimeProvider.System).RunAsync(CancellationToken.None);

        Assert.That(applied.Select(m => m.Name), Is.EqualTo(new[] { "highside.batch-blobs" }));
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync<(string BatchId, string Digest, long Size, long Shipped)>(
            "SELECT batch_id, digest, size, shipped FROM batch_blobs ORDER BY digest")).AsList();
        var expected = written.Manifest.Blobs.OrderBy(b => b.Digest, StringComparer.Ordinal)
            .Select(b => ("site-a-000001", b.Digest, b.Size, b.Shipped ? 1L : 0L));
        Assert.That(rows, Is.EqualTo(expected));
        Assert.That(rows.Any(r => r.Shipped == 0), Is.True, "the referenced blob keeps shipped = 0");
        var columns = await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('batches')");
        Assert.That(columns, Does.Not.Contain("manifest_json"));
    }

    private static async Task InsertBatchAsync(SqliteDatabase database, string id, string state, string manifestJson)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO batches (id, batch_id, site_id, sequence, state, manifest_sha256, manifest_json, imported_utc, updated_utc)
            VALUES (@id, 'site-a-000001', 'site-a', 1, @state, 'aa', @manifestJson, '2026-11-22T08:00:00+00:00', '2026-11-22T08:00:00+00:00')
            """, new { id, state, manifestJson });
    }
}
