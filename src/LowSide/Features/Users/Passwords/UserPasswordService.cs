using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Identity;

namespace TransferPipeline.LowSide.Features.Users.Passwords;

/// <summary>
/// Console passwords of local users: set by an operator (`lowside user password NAME`), kept only as an
/// Argon2id hash, checked at sign-in. Unknown users cost the same Argon2id work as known ones, so the time a
/// sign-in takes does not tell which names exist.
/// </summary>
internal sealed class UserPasswordService(UserPasswordRepository passwords, UserRepository users, AuditTrail audit)
{
    public const int MinimumLength = 12;
    private const PasswordHashStrength Strength = PasswordHashStrength.Interactive;

    private static readonly Lazy<string> DecoyHash = new(() => PasswordHash.Hash("not a password of anyone", Strength));

    public async Task<Outcome<UserRecord>> SetAsync(string name, ReadOnlyMemory<char> password, string actor, CancellationToken ct)
    {
        if (password.Length < MinimumLength)
        {
            return PasswordErrors.TooShort(MinimumLength);
        }

        if (Encoding.UTF8.GetByteCount(password.Span) > PasswordHash.MaxPasswordBytes)
        {
            return PasswordErrors.TooLong(PasswordHash.MaxPasswordBytes);
        }

        if (!await passwords.SetAsync(name, PasswordHash.Hash(password.Span, Strength), ct))
        {
            return UserErrors.NotFound(name);
        }

        await audit.RecordAsync(actor, "user.password-set", name, null, ct);
        return (await users.FindAsync(name, ct))!;
    }

    /// <summary>
    /// What a console session of <paramref name="name"/> is bound to: a digest of their password's hash, so that setting
    /// the password again ends every session signed in with the old one. Null when they have no password.
    /// </summary>
    public async Task<string?> SessionStampAsync(string name, CancellationToken ct) =>
        await passwords.FindHashAsync(name, ct) is { } hash ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash))) : null;

    /// <summary>The caller <paramref name="name"/> signs in as, or null when the name or the password is wrong or the user is disabled.</summary>
    public async Task<Caller?> VerifyAsync(string name, string password, CancellationToken ct)
    {
        var hash = await passwords.FindHashAsync(name, ct);
        var matches = PasswordHash.Verify(hash ?? DecoyHash.Value, password);
        if (hash is null || !matches || await users.FindAsync(name, ct) is not { IsActive: true } user)
        {
            return null;
        }

        return new Caller(RequesterIdentity.ForLocalUser(user.Name), user.Name, user.Role);
    }
}
