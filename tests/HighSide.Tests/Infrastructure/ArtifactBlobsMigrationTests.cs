using Dapper;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Infrastructure;

/// <summary>Upgrading a database whose artifacts kept their blobs as one JSON array each, on real SQLite and PostgreSQL.</summary>
public sealed class ArtifactBlobsMigrationTests
{
    private const int LastBeforeArtifactBlobs = 14;

    [Test]
    public async Task ArtifactBlobs_SqliteDatabaseWithBlobsJson_RowsInListedOrderAndColumnDropped()
    {
        using var directory = new TempDirectory("highside-artifact-blobs");
        await using var database = new SqliteDatabase(directory.Combine("highside.db"));
        await UpgradeAndCheckAsync(database, "SELECT name FROM pragma_table_info('batch_artifacts')");
    }

    [Test]
    public async Task ArtifactBlobs_PostgreSqlDatabaseWithBlobsJson_RowsInListedOrderAndColumnDropped()
    {
        var server = (await HighSideServers.PostgreSqlAsync()).Server;
        var connectionString = await server.CreateDatabaseAsync();
        await using var database = new PostgreSqlDatabase(connectionString);
        await UpgradeAndCheckAsync(database,
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'batch_artifacts' AND table_schema = current_schema()");
    }

    private static async Task UpgradeAndCheckAsync(Database database, string columnsSql)
    {
        // Digests out of sorted order, so a migration that sorted them would be caught; the second artifact lists none.
        string[] first = [Digest('c'), Digest('a'), Digest('b')];
        await new MigrationRunner(database, HighSideMigrations.All.Take(LastBeforeArtifactBlobs), TimeProvider.System)
            .RunAsync(CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO batches (id, batch_id, site_id, sequence, state, manifest_sha256, imported_utc, updated_utc)
                VALUES ('site-a-000001', 'site-a-000001', 'site-a', 1, 'awaiting-approval', 'aa', '2026-12-04T08:00:00+00:00',
                    '2026-12-04T08:00:00+00:00')
                """);
            foreach (var (position, blobsJson) in new[] { (0L, $"[\"{first[0]}\",\"{first[1]}\",\"{first[2]}\"]"), (1L, "[]") })
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO batch_artifacts (batch_id, position, kind, source, digest, media_type, name, version, requester,
                        request_id, justification, ticket, blobs_json)
                    VALUES ('site-a-000001', @position, 'file', 'https://example.test/a', @digest, NULL, 'a.bin', NULL, 'alice',
                        'r-1', 'needed', NULL, @blobsJson)
                    """, new { position, digest = first[0], blobsJson });
            }
        }

        var applied = await new MigrationRunner(database, HighSideMigrations.All.Take(LastBeforeArtifactBlobs + 1), TimeProvider.System)
            .RunAsync(CancellationToken.None);

        Assert.That(applied.Select(m => m.Name), Is.EqualTo(new[] { "highside.artifact-blobs" }));
        await using var check = await database.OpenAsync(CancellationToken.None);
        var rows = (await check.QueryAsync<(string BatchId, long Position, long Ordinal, string Digest)>(
            "SELECT batch_id, position, ordinal, digest FROM batch_artifact_blobs ORDER BY position, ordinal")).AsList();
        Assert.That(rows, Is.EqualTo(first.Select((d, i) => ("site-a-000001", 0L, (long)i, d))));
        Assert.That(await check.QueryAsync<string>(columnsSql), Does.Not.Contain("blobs_json").And.Contain("ticket"));
    }

    private static string Digest(char fill) => "sha256:" + new string(fill, 64);
}
