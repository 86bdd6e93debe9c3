using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Users.Passwords;

/// <summary>The Argon2id hash of a local user's console password (users.password_hash); never the password.</summary>
internal sealed class UserPasswordRepository(Database database)
{
    /// <summary>Stores <paramref name="hash"/> for an active user; false when there is no such user.</summary>
    public async Task<bool> SetAsync(string name, string hash, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @hash WHERE name = @name AND disabled_utc IS NULL", new { name, hash }, cancellationToken: ct)) == 1;
    }

    /// <summary>The stored hash of an active user, or null (no such user, disabled, or no password set).</summary>
    public async Task<string?> FindHashAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT password_hash FROM users WHERE name = @name AND disabled_utc IS NULL", new { name }, cancellationToken: ct));
    }
}
