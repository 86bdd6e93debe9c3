using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Kinds.Chart;

internal sealed class ChartRepository(Database database)
{
    public async Task<IReadOnlyList<PublishedChart>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PublishedChart>(new CommandDefinition(
            """
            SELECT name AS Name, version AS Version, digest AS Digest, file_name AS FileName, published_utc AS PublishedUtc
            FROM published_charts ORDER BY name, published_utc DESC
            """, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// A published chart that <paramref name="chart"/> would change: the same name and version with another digest, or
    /// another chart whose archive has the same file name (<c>foo-1.0.0</c> 2.0.0 and <c>foo</c> 1.0.0-2.0.0); null when none.
    /// </summary>
    public async Task<PublishedChart?> ConflictAsync(PublishedChart chart, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<PublishedChart>(new CommandDefinition(
            """
            SELECT name AS Name, version AS Version, digest AS Digest, file_name AS FileName, published_utc AS PublishedUtc
            FROM published_charts
            WHERE ((name = @Name AND version = @Version) OR file_name = @FileName)
              AND NOT (name = @Name AND version = @Version AND digest = @Digest)
            """, chart, cancellationToken: cancellationToken));
    }

    public async Task UpsertAsync(PublishedChart chart, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO published_charts (name, version, digest, file_name, published_utc)
            VALUES (@Name, @Version, @Digest, @FileName, @PublishedUtc)
            ON CONFLICT (name, version) DO UPDATE SET digest = excluded.digest, file_name = excluded.file_name, published_utc = excluded.published_utc
            """, chart, cancellationToken: cancellationToken));
    }
}
