using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Officers;

internal sealed class OfficerRepository(SqliteDatabase database)
{
    private const string Columns = "name AS Name, key_id AS KeyId, public_key AS PublicKey, added_utc AS AddedUtc, disabled_utc AS DisabledUtc";

    public async Task<IReadOnlyList<OfficerRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OfficerRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM officers ORDER BY name""", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<OfficerRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OfficerRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM officers WHERE name = @name""", new { name }, cancellationToken: cancellationToken));
    }

    public static Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, OfficerRecord officer, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO officers (name, key_id, public_key, added_utc)
            VALUES (@Name, @KeyId, @PublicKey, @AddedUtc)
            """, officer, transaction, cancellationToken: cancellationToken));

    public static Task DisableAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string name,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """UPDATE officers SET disabled_utc = @now WHERE name = @name AND disabled_utc IS NULL""",
            new { name, now }, transaction, cancellationToken: cancellationToken));
}
