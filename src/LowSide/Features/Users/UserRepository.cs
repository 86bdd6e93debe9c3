using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>Local users and their API tokens (hashes only); one connection per operation.</summary>
internal sealed class UserRepository(Database database)
{
    private const string UserColumns = "name AS Name, role AS Role, created_utc AS CreatedUtc, disabled_utc AS DisabledUtc";
    private const string TokenColumns = "id AS Id, user_name AS UserName, created_utc AS CreatedUtc, expires_utc AS ExpiresUtc, revoked_utc AS RevokedUtc";

    public async Task<UserRecord?> FindAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users WHERE name = @name", new { name }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<UserRecord>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users ORDER BY name", cancellationToken: ct))).AsList();
    }

    public async Task<bool> InsertAsync(UserRecord user, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO users (name, role, created_utc) VALUES (@Name, @Role, @CreatedUtc) ON CONFLICT (name) DO NOTHING",
            user, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DisableAsync(string name, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET disabled_utc = @now WHERE name = @name AND disabled_utc IS NULL", new { name, now }, cancellationToken: ct)) == 1;
    }

    public async Task InsertTokenAsync(ApiTokenRecord token, string sha256, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_tokens (id, user_name, token_sha256, created_utc, expires_utc)
            VALUES (@Id, @UserName, @sha256, @CreatedUtc, @ExpiresUtc)
            """, new { token.Id, token.UserName, sha256, token.CreatedUtc, token.ExpiresUtc }, cancellationToken: ct));
    }

    public async Task<(ApiTokenRecord Token, string Sha256)?> FindTokenAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns}, token_sha256 AS Sha256 FROM api_tokens WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : (new ApiTokenRecord(row.Id, row.UserName, row.CreatedUtc, row.ExpiresUtc, row.RevokedUtc), row.Sha256);
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ApiTokenRecord>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM api_tokens ORDER BY user_name, created_utc", cancellationToken: ct))).AsList();
    }

    public async Task<bool> RevokeTokenAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_utc = @now WHERE id = @id AND revoked_utc IS NULL", new { id, now }, cancellationToken: ct)) == 1;
    }

    private sealed record TokenRow(string Id, string UserName, DateTimeOffset CreatedUtc, DateTimeOffset ExpiresUtc, DateTimeOffset? RevokedUtc,
        string Sha256);
}
