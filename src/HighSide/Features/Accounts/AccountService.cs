using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Site;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// The accounts people sign in to the daemon with: added, disabled and reset by the operator on the host's CLI,
/// every change committed with its audit entry. A new or reset password is one-time: it must be changed at the next sign-in.
/// </summary>
internal sealed partial class AccountService(AccountRepository repository, RosterService rosters, AuditTrail audit, TimeProvider clock,
    IOptions<SiteOptions> site)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Adds an account; <paramref name="password"/> null makes a one-time password.</summary>
    public async Task<Outcome<NewPassword>> AddAsync(string name, string role, string? officer, string? password, string actor, CancellationToken ct)
    {
        if (!NamePattern().IsMatch(name))
        {
            return AccountErrors.InvalidName(name);
        }

        if (!AccountRoles.IsKnown(role))
        {
            return AccountErrors.InvalidRole(role);
        }

        var linked = await LinkedOfficerAsync(role, officer, ct);
        if (!linked.IsOk)
        {
            return linked.Error;
        }

        var generated = password is null ? PasswordRules.NewInitial() : null;
        if (password is not null && PasswordRules.Check(password, name) is { } weak)
        {
            return weak;
        }

        var account = new AccountRecord(name, role, linked.Value, PasswordRules.Hash(password ?? generated!), MustChangePassword: true, null, null,
            null, NewStamp(), clock.GetUtcNow(), null);
        await using var unit = await audit.BeginAsync(ct);
        if (!await AccountRepository.InsertAsync(unit.Connection, unit.Transaction, account, ct))
        {
            return AccountErrors.Exists(name);
        }

        await unit.RecordAsync(actor, "account.added", name, new { role, officer = linked.Value }, ct);
        await unit.CommitAsync(ct);
        return new NewPassword(account, generated);
    }

    public Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct) => repository.ListAsync(ct);

    public Task<Outcome<AccountRecord>> DisableAsync(string name, string actor, CancellationToken ct) =>
        ChangeAsync(name, actor, "account.disabled",
            unit => AccountRepository.DisableAsync(unit.Connection, unit.Transaction, name, clock.GetUtcNow(), NewStamp(), ct), ct);

    /// <summary>Sets a one-time password (made here when <paramref name="password"/> is null) and ends the account's sessions.</summary>
    public async Task<Outcome<NewPassword>> ResetPasswordAsync(string name, string? password, string actor, CancellationToken ct)
    {
        if (await repository.FindAsync(name, ct) is not { IsActive: true })
        {
            return AccountErrors.NotFound(name);
        }

        var generated = password is null ? PasswordRules.NewInitial() : null;
        if (password is not null && PasswordRules.Check(password, name) is { } weak)
        {
            return weak;
        }

        // Hashed before the write lock is taken: Argon2id takes a while, and other writers would wait for it.
        var hash = PasswordRules.Hash(password ?? generated!);
        await using (var unit = await audit.BeginAsync(ct))
        {
            await AccountRepository.SetPasswordAsync(unit.Connection, unit.Transaction, name, hash, mustChange: true, NewStamp(), ct);
            await unit.RecordAsync(actor, "account.password-reset", name, null, ct);
            await unit.CommitAsync(ct);
        }

        return new NewPassword((await repository.FindAsync(name, ct))!, generated);
    }

    /// <summary>The account holder's own new password, replacing a one-time one.</summary>
    public async Task<Outcome<AccountRecord>> ChangePasswordAsync(string name, string password, CancellationToken ct)
    {
        if (PasswordRules.Check(password, name) is { } weak)
        {
            return weak;
        }

        var hash = PasswordRules.Hash(password);
        return await ChangeAsync(name, AccountClaims.Actor(name), "account.password-changed",
            unit => AccountRepository.SetPasswordAsync(unit.Connection, unit.Transaction, name, hash, mustChange: false, NewStamp(), ct), ct);
    }

    /// <summary>Forgets the TOTP secret and the security keys: the account enrols again at its next sign-in.</summary>
    public Task<Outcome<AccountRecord>> ResetSecondFactorsAsync(string name, string actor, CancellationToken ct) =>
        ChangeAsync(name, actor, "account.second-factor-reset",
            unit => AccountRepository.ResetSecondFactorsAsync(unit.Connection, unit.Transaction, name, NewStamp(), ct), ct);

    /// <summary>
    /// Makes the account's authenticator secret now, for handing over in person or loading into a hardware token; it is
    /// pending until the first code at sign-in confirms it, like one enrolled on the page. Refused once one is confirmed.
    /// </summary>
    public async Task<Outcome<IssuedTotp>> IssueTotpAsync(string name, string actor, CancellationToken ct)
    {
        if (await repository.FindAsync(name, ct) is not { IsActive: true } account)
        {
            return AccountErrors.NotFound(name);
        }

        var secret = TotpCodes.NewSecret();
        await using (var unit = await audit.BeginAsync(ct))
        {
            if (account.HasTotp || !await AccountRepository.IssueTotpAsync(unit.Connection, unit.Transaction, name, secret, clock.GetUtcNow(), ct))
            {
                return new Failure(AccountReasons.SecondFactorMissing, $"{name} has an authenticator already; reset-2fa first", FailureKind.Conflict);
            }

            await unit.RecordAsync(actor, "account.totp-issued", name, null, ct);
            await unit.CommitAsync(ct);
        }

        return new IssuedTotp(name, secret, TotpCodes.ProvisioningUri($"TransferPipeline {site.Value.Id}", name, secret));
    }

    // One change to an existing account and its audit entry, committed together; not found when the change found no account.
    private async Task<Outcome<AccountRecord>> ChangeAsync(string name, string actor, string action, Func<AuditedTransaction, Task<bool>> change,
        CancellationToken ct)
    {
        await using (var unit = await audit.BeginAsync(ct))
        {
            if (!await change(unit))
            {
                return AccountErrors.NotFound(name);
            }

            await unit.RecordAsync(actor, action, name, null, ct);
            await unit.CommitAsync(ct);
        }

        return (await repository.FindAsync(name, ct))!;
    }

    /// <summary>A fresh random stamp: sessions carrying the old one are signed out at their next request.</summary>
    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // The roster name is kept, not the key: an officer who rotates their key stays the same officer.
    private async Task<Outcome<string?>> LinkedOfficerAsync(string role, string? officer, CancellationToken ct)
    {
        if (role != AccountRoles.Officer)
        {
            return officer is null ? Outcome<string?>.Success(null) : AccountErrors.OfficerOnlyForOfficers(role);
        }

        if (string.IsNullOrWhiteSpace(officer))
        {
            return AccountErrors.OfficerRequired();
        }

        var roster = await rosters.CurrentAsync(ct);
        var matches = roster?.Active
            .Where(o => string.Equals(o.Key.KeyIdHex, officer, StringComparison.OrdinalIgnoreCase)
                || string.Equals(o.Name, officer, StringComparison.OrdinalIgnoreCase))
            .ToList() ?? [];
        return matches.Count == 1 ? matches[0].Name : AccountErrors.OfficerNotOnRoster(officer);
    }
}
