using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// Sign-in in two steps: the password, then a second factor (a TOTP code, enrolled at the first sign-in, or a
/// security key). Every attempt is throttled per account and per client address and written to the audit trail
/// with its reason code; the caller is only told what it already proved (a wrong password and an unknown
/// name look the same). A one-time password must be replaced in the same step as the second factor.
/// </summary>
internal sealed class SignInService(AccountRepository accounts, AccountService service, SignInThrottle throttle, TotpCodes totp,
    IOptions<SiteOptions> site, AuditTrail audit, TimeProvider clock)
{
    // Verified against when the name is unknown, so an unknown name takes as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordRules.Hash(Convert.ToHexString(Guid.NewGuid().ToByteArray())));

    /// <summary>The first step: the account when the password is its own and it is active.</summary>
    public async Task<Outcome<AccountRecord>> CheckPasswordAsync(string name, string password, string address, CancellationToken ct)
    {
        var begun = await BeginAsync(name, address, "password", ct);
        if (!begun.IsOk)
        {
            return begun.Error;
        }

        using var attempt = begun.Value;
        var account = await accounts.FindAsync(name, ct);
        var matches = PasswordHash.Verify(account?.PasswordHash ?? DecoyHash.Value, password);
        var refused = account is null ? AccountReasons.AccountUnknown
            : !matches ? AccountReasons.PasswordWrong
            : !account.IsActive ? AccountReasons.AccountDisabled
            : null;
        if (refused is not null)
        {
            return await RefuseAsync(attempt, name, address, "password", refused,
                Refused("the account name or password is wrong, or the account is disabled"), ct);
        }

        await audit.RecordAsync(AccountClaims.Actor(name), "signin.password-accepted", name, new { address }, ct);
        return account!;
    }

    /// <summary>The secret to enrol (the same one until it is confirmed), for an account whose password step is done and has no TOTP yet.</summary>
    public async Task<Outcome<TotpEnrolment>> StartEnrolmentAsync(string name, string stamp, CancellationToken ct)
    {
        if (await CurrentAsync(name, stamp, ct) is not { } account)
        {
            return StageExpired();
        }

        if (account.HasTotp)
        {
            return new Failure(AccountReasons.SecondFactorMissing, "the account has enrolled already; sign in with a code", FailureKind.Conflict);
        }

        // Whoever holds the password is not shown a secret handed over in person: they would enrol with it themselves.
        if (account.HasIssuedTotp)
        {
            return new Failure(AccountReasons.TotpIssued,
                "an authenticator was issued to this account; enter a code from it", FailureKind.Conflict);
        }

        var secret = account.TotpSecret ?? TotpCodes.NewSecret();
        await accounts.StartTotpEnrolmentAsync(name, secret, ct);
        var uri = TotpCodes.ProvisioningUri($"TransferPipeline {site.Value.Id}", name, secret);
        return new TotpEnrolment(name, secret, uri, TotpQrCode.Svg(uri));
    }

    /// <summary>
    /// The second step with a TOTP code: confirms the enrolment when the account has none yet, else checks the code
    /// (each time step once). <paramref name="newPassword"/> replaces a one-time password.
    /// </summary>
    public async Task<Outcome<AccountRecord>> CheckCodeAsync(string name, string stamp, string code, string? newPassword, string address,
        CancellationToken ct)
    {
        var begun = await BeginAsync(name, address, "totp", ct);
        if (!begun.IsOk)
        {
            return begun.Error;
        }

        using var attempt = begun.Value;
        var ready = await ReadyForSecondFactorAsync(name, stamp, newPassword, ct);
        if (!ready.IsOk)
        {
            return ready.Error;
        }

        var account = ready.Value;
        if (account.TotpSecret is null)
        {
            return await RefuseAsync(attempt, name, address, "totp", AccountReasons.CodeWrong,
                new Failure(AccountReasons.SecondFactorMissing, "enrol an authenticator first", FailureKind.Conflict), ct);
        }

        var step = totp.MatchStep(account.TotpSecret, code);
        if (step is null)
        {
            return await RefuseAsync(attempt, name, address, "totp", AccountReasons.CodeWrong, Refused("the code is wrong", AccountReasons.CodeWrong), ct);
        }

        var used = account.HasTotp
            ? await accounts.UseTotpStepAsync(name, step.Value, ct)
            : await accounts.ConfirmTotpAsync(name, account.TotpSecret, step.Value, clock.GetUtcNow(), ct);
        if (!used)
        {
            return await RefuseAsync(attempt, name, address, "totp", AccountReasons.CodeReplayed,
                Refused("the code was used already; wait for the next one", AccountReasons.CodeReplayed), ct);
        }

        if (!account.HasTotp)
        {
            await audit.RecordAsync(AccountClaims.Actor(name), "account.totp-enrolled", name, new { address }, ct);
        }

        return await SucceededAsync(account, newPassword, address, "totp", ct);
    }

    /// <summary>The second step with a security key whose assertion <paramref name="verify"/> checked; null from it means it did not verify.</summary>
    public async Task<Outcome<AccountRecord>> CheckSecurityKeyAsync(string name, string stamp, string? newPassword, string address,
        Func<AccountRecord, Task<bool>> verify, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(verify);
        var begun = await BeginAsync(name, address, "security-key", ct);
        if (!begun.IsOk)
        {
            return begun.Error;
        }

        using var attempt = begun.Value;
        var ready = await ReadyForSecondFactorAsync(name, stamp, newPassword, ct);
        if (!ready.IsOk)
        {
            return ready.Error;
        }

        if (!await verify(ready.Value))
        {
            return await RefuseAsync(attempt, name, address, "security-key", AccountReasons.SecurityKeyInvalid,
                Refused("the security key's answer does not verify", AccountReasons.SecurityKeyInvalid), ct);
        }

        return await SucceededAsync(ready.Value, newPassword, address, "security-key", ct);
    }

    /// <summary>How long to wait before the next attempt from <paramref name="address"/> for <paramref name="name"/>; null: now.</summary>
    public TimeSpan? RetryAfter(string name, string address) => throttle.RetryAfter(name, address);

    private async Task<Outcome<AccountRecord>> ReadyForSecondFactorAsync(string name, string stamp, string? newPassword, CancellationToken ct)
    {
        if (await CurrentAsync(name, stamp, ct) is not { } account)
        {
            return StageExpired();
        }

        if (account.MustChangePassword && newPassword is null)
        {
            return new Failure(AccountReasons.PasswordChangeRequired, "the password is a one-time password: choose a new one with the code",
                FailureKind.Invalid, "newPassword");
        }

        return newPassword is not null && PasswordRules.Check(newPassword, name) is { } weak ? weak : account;
    }

    private async Task<Outcome<AccountRecord>> SucceededAsync(AccountRecord account, string? newPassword, string address, string factor,
        CancellationToken ct)
    {
        if (newPassword is not null)
        {
            var changed = await service.ChangePasswordAsync(account.Name, newPassword, ct);
            if (!changed.IsOk)
            {
                return changed.Error;
            }

            account = changed.Value;
        }

        throttle.Succeeded(account.Name);
        await audit.RecordAsync(AccountClaims.Actor(account.Name), "signin.succeeded", account.Name,
            new { address, factor, role = account.Role, officer = account.Officer }, ct);
        return account;
    }

    // The account as it is now, when the password step was done under its current stamp and it is still active.
    private async Task<AccountRecord?> CurrentAsync(string name, string stamp, CancellationToken ct) =>
        await accounts.FindAsync(name, ct) is { IsActive: true } account && account.SecurityStamp == stamp ? account : null;

    // The attempt, or why none may be made now (audited). A step that ends without checking a secret withdraws its attempt.
    private async Task<Outcome<SignInAttempt>> BeginAsync(string name, string address, string factor, CancellationToken ct)
    {
        if (throttle.Begin(name, address) is { } attempt)
        {
            return attempt;
        }

        var seconds = (int)Math.Ceiling((throttle.RetryAfter(name, address) ?? TimeSpan.FromSeconds(1)).TotalSeconds);
        await audit.RecordAsync(AccountClaims.Actor(name), "signin.refused", name,
            new { reason = AccountReasons.RateLimited, address, factor, retryAfterSeconds = seconds }, ct);
        return new Failure(AccountReasons.RateLimited, $"too many failed sign-ins; try again in {seconds} s", FailureKind.RateLimited);
    }

    private async Task<Failure> RefuseAsync(SignInAttempt attempt, string name, string address, string factor, string reason, Failure shown,
        CancellationToken ct)
    {
        attempt.Fail();
        await audit.RecordAsync(AccountClaims.Actor(name), "signin.refused", name, new { reason, address, factor }, ct);
        return shown;
    }

    private static Failure Refused(string message, string code = AccountReasons.SignInRefused) => new(code, message, FailureKind.Unauthenticated);

    private static Failure StageExpired() => new(AccountReasons.StageExpired,
        "the sign-in has expired or the account changed: sign in with the password again", FailureKind.Unauthenticated);
}
