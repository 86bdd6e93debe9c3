using System.Data.Common;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Trust;

internal sealed class TrustRepository(Database database)
{
    private const string Columns = "key_id AS KeyId, site_id AS SiteId, public_key AS PublicKey, added_utc AS AddedUtc, revoked_utc AS RevokedUtc";

    public async Task<IReadOnlyList<TrustedKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TrustedKeyRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM trusted_keys ORDER BY site_id, added_utc""", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<TrustedKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TrustedKeyRecord>(new CommandDefinition(
            $"""SELECT {Columns} FROM trusted_keys WHERE key_id = @keyId""", new { keyId }, cancellationToken: cancellationToken));
    }

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, TrustedKeyRecord key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO trusted_keys (key_id, site_id, public_key, added_utc)
            VALUES (@KeyId, @SiteId, @PublicKey, @AddedUtc)
            """, key, transaction, cancellationToken: cancellationToken));

    public static Task RevokeAsync(
        DbConnection connection,
        DbTransaction transaction,
        string keyId,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """UPDATE trusted_keys SET revoked_utc = @now WHERE key_id = @keyId AND revoked_utc IS NULL""",
            new { keyId, now }, transaction, cancellationToken: cancellationToken));
}
