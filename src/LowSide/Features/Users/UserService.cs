using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Identity;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>
/// Local users and their personal API tokens, for scripts and CI: a token is shown once when it is
/// created, kept only as its SHA-256, expires, and can be revoked. Every change is audited.
/// </summary>
internal sealed partial class UserService(UserRepository repository, AuditTrail audit, TimeProvider clock)
{
    /// <summary>How every personal API token begins.</summary>
    public const string TokenPrefix = "tpl_";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public async Task<Outcome<UserRecord>> AddAsync(string name, string role, string actor, CancellationToken ct)
    {
        if (!NamePattern().IsMatch(name))
        {
            return UserErrors.InvalidName(name);
        }

        if (!UserRoles.IsKnown(role))
        {
            return UserErrors.InvalidRole(role);
        }

        var user = new UserRecord(name, role, clock.GetUtcNow(), null);
        if (!await repository.InsertAsync(user, ct))
        {
            return UserErrors.Exists(name);
        }

        await audit.RecordAsync(actor, "user.added", name, new { role }, ct);
        return user;
    }

    public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken ct) => repository.ListAsync(ct);

    public async Task<Outcome<UserRecord>> DisableAsync(string name, string actor, CancellationToken ct)
    {
        if (!await repository.DisableAsync(name, clock.GetUtcNow(), ct))
        {
            return UserErrors.NotFound(name);
        }

        await audit.RecordAsync(actor, "user.disabled", name, null, ct);
        return (await repository.FindAsync(name, ct))!;
    }

    /// <summary>A new token for <paramref name="name"/>: the token text (shown once) and its record.</summary>
    public async Task<Outcome<(string Token, ApiTokenRecord Record)>> CreateTokenAsync(string name, int validDays, string actor, CancellationToken ct)
    {
        if (validDays is < 1 or > 3650)
        {
            return UserErrors.BadValidity(validDays);
        }

        if (await repository.FindAsync(name, ct) is not { IsActive: true })
        {
            return UserErrors.NotFound(name);
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var token = TokenPrefix + id + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var record = new ApiTokenRecord(id, name, now, now.AddDays(validDays), null);
        await repository.InsertTokenAsync(record, Sha256(token), ct);
        await audit.RecordAsync(actor, "token.created", name, new { id, expires = record.ExpiresUtc }, ct);
        return (token, record);
    }

    public Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken ct) => repository.ListTokensAsync(ct);

    public async Task<Outcome<string>> RevokeTokenAsync(string id, string actor, CancellationToken ct)
    {
        if (!await repository.RevokeTokenAsync(id, clock.GetUtcNow(), ct))
        {
            return UserErrors.TokenNotFound(id);
        }

        await audit.RecordAsync(actor, "token.revoked", id, null, ct);
        return id;
    }

    /// <summary>The caller a bearer token stands for, or null when it is unknown, altered, expired, revoked or its user disabled.</summary>
    public async Task<Caller?> AuthenticateAsync(string token, CancellationToken ct)
    {
        // tpl_ID_SECRET: ID is 16 hex digits; SECRET is base64url and may itself hold '_'.
        var idEnd = TokenPrefix.Length + 16;
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length <= idEnd + 1 || token[idEnd] != '_'
            || await repository.FindTokenAsync(token[TokenPrefix.Length..idEnd], ct) is not { } found)
        {
            return null;
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha256(token)), Encoding.ASCII.GetBytes(found.Sha256));
        if (!matches || !found.Token.IsUsableAt(clock.GetUtcNow()) || await repository.FindAsync(found.Token.UserName, ct) is not { IsActive: true } user)
        {
            return null;
        }

        return new Caller(RequesterIdentity.ForLocalUser(user.Name), user.Name, user.Role);
    }

    private static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
