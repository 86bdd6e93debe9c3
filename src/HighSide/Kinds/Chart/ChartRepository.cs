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
