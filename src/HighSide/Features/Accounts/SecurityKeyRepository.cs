using System.Data.Common;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>Security keys per account; credential ids are kept base64url, as WebAuthn passes them.</summary>
internal sealed class SecurityKeyRepository(Database database)
{
    private const string Columns = """
        credential_id AS CredentialId, account AS Account, public_key AS PublicKey, sign_count AS SignCount,
        user_handle AS UserHandle, created_utc AS CreatedUtc
        """;

    public async Task<IReadOnlyList<SecurityKeyRecord>> ForAccountAsync(string account, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM security_keys WHERE account = @account ORDER BY created_utc", new { account }, cancellationToken: ct)))
            .Select(r => r.ToRecord()).ToList();
    }

    public async Task<SecurityKeyRecord?> FindAsync(byte[] credentialId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM security_keys WHERE credential_id = @id", new { id = Base64Url(credentialId) }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public static async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, SecurityKeyRecord key, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO security_keys (credential_id, account, public_key, sign_count, user_handle, created_utc)
            VALUES (@id, @Account, @PublicKey, @count, @UserHandle, @CreatedUtc) ON CONFLICT (credential_id) DO NOTHING
            """, new { id = Base64Url(key.CredentialId), key.Account, key.PublicKey, count = (long)key.SignCount, key.UserHandle, key.CreatedUtc },
            transaction, cancellationToken: ct)) == 1;

    public async Task UpdateSignCountAsync(byte[] credentialId, uint signCount, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE security_keys SET sign_count = @count WHERE credential_id = @id",
            new { id = Base64Url(credentialId), count = (long)signCount }, cancellationToken: ct));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private sealed class Row
    {
        public string CredentialId { get; set; } = "";
        public string Account { get; set; } = "";
        public byte[] PublicKey { get; set; } = [];
        public long SignCount { get; set; }
        public byte[] UserHandle { get; set; } = [];
        public DateTimeOffset CreatedUtc { get; set; }

        public SecurityKeyRecord ToRecord() => new(FromBase64Url(CredentialId), Account, PublicKey, (uint)SignCount, UserHandle, CreatedUtc);
    }
}
