using Dapper;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>The scanner data activated on this high side; the newest activation of each scanner's data is in force.</summary>
internal sealed class ScannerDataRepository(Database database, AuditTrail audit)
{
    public const string ActivatedAction = "scanner-data.activated";

    private const string Columns = """
        name AS Name, digest AS Digest, directory AS Directory, data_version AS DataVersion, data_time_utc AS DataTimeUtc,
        records AS Records, batch_id AS BatchId, activated_utc AS ActivatedUtc
        """;

    // Activations of the same instant keep the order they were made in: SQLite's rowid, PostgreSQL's identity column.
    private static readonly ProviderSql NewestFirst = new("activated_utc DESC, rowid DESC", "activated_utc DESC, activation DESC");

    /// <summary>Every activation, newest first.</summary>
    public async Task<IReadOnlyList<ActivatedScannerData>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ActivatedScannerData>(new CommandDefinition(
            $"""SELECT {Columns} FROM scanner_data ORDER BY {NewestFirst.For(database)}""", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The newest activation of <paramref name="name"/>'s data: the data in force.</summary>
    public async Task<ActivatedScannerData?> NewestAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<ActivatedScannerData>(new CommandDefinition(
            $"""SELECT {Columns} FROM scanner_data WHERE name = @name ORDER BY {NewestFirst.For(database)} LIMIT 1""",
            new { name }, cancellationToken: cancellationToken));
    }

    public async Task<ActivatedScannerData?> FindAsync(string name, string digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ActivatedScannerData>(new CommandDefinition(
            $"""SELECT {Columns} FROM scanner_data WHERE name = @name AND digest = @digest""",
            new { name, digest }, cancellationToken: cancellationToken));
    }

    /// <summary>Records the activation and its audit entry in one transaction; data already activated is left as it is.</summary>
    public async Task ActivateAsync(ActivatedScannerData data, CancellationToken cancellationToken)
    {
        await using var transaction = await audit.BeginAsync(cancellationToken);
        var inserted = await transaction.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scanner_data (name, digest, directory, data_version, data_time_utc, records, batch_id, activated_utc)
            VALUES (@Name, @Digest, @Directory, @DataVersion, @DataTimeUtc, @Records, @BatchId, @ActivatedUtc)
            ON CONFLICT (name, digest) DO NOTHING
            """, data, transaction.Transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return;
        }

        await transaction.RecordAsync(AuditTrail.System, ActivatedAction, data.BatchId, new
        {
            name = data.Name,
            digest = data.Digest,
            directory = data.Directory,
            dataVersion = data.DataVersion,
            dataTimeUtc = data.DataTimeUtc,
            records = data.Records,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
