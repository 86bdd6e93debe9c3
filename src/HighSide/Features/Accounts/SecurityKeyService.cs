using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// WebAuthn security keys through the Fido2 library: the registration ceremony for a signed-in account and the
/// assertion ceremony as a second factor. The options of a ceremony in progress are kept here, one per account
/// and ceremony, for as long as the browser has to answer; each is used once.
/// </summary>
internal sealed class SecurityKeyService(SecurityKeyRepository keys, IOptions<AuthOptions> options, AuditTrail audit, TimeProvider clock)
{
    private static readonly TimeSpan CeremonyLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (object Options, DateTimeOffset Expires)> _ceremonies = new(StringComparer.Ordinal);

    public bool IsEnabled => options.Value.WebAuthn.IsEnabled;

    public async Task<bool> HasKeysAsync(string account, CancellationToken ct) => IsEnabled && (await keys.ForAccountAsync(account, ct)).Count > 0;

    /// <summary>The options the browser passes to navigator.credentials.create().</summary>
    public async Task<Outcome<CredentialCreateOptions>> RegistrationOptionsAsync(string account, CancellationToken ct)
    {
        if (!IsEnabled)
        {
            return Disabled();
        }

        var existing = await keys.ForAccountAsync(account, ct);
        var created = Fido().RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(account), Name = account, DisplayName = account },
            ExcludeCredentials = [.. existing.Select(k => new PublicKeyCredentialDescriptor(k.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection { UserVerification = UserVerificationRequirement.Discouraged },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        Keep("register:" + account, created);
        return created;
    }

    /// <summary>Checks the browser's answer to <see cref="RegistrationOptionsAsync"/> and keeps the new key.</summary>
    public async Task<Outcome<SecurityKeyRecord>> RegisterAsync(string account, AuthenticatorAttestationRawResponse response, CancellationToken ct)
    {
        if (Take<CredentialCreateOptions>("register:" + account) is not { } original)
        {
            return Refused("no security key registration is in progress for this account; start again");
        }

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await Fido().MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = original,
                IsCredentialIdUniqueToUserCallback = async (args, token) => await keys.FindAsync(args.CredentialId, token) is null,
            }, ct);
        }
        catch (Fido2VerificationException ex)
        {
            return Refused("the security key's registration does not verify: " + ex.Message);
        }

        var record = new SecurityKeyRecord(credential.Id, account, credential.PublicKey, credential.SignCount, UserHandle(account), clock.GetUtcNow());
        await using var unit = await audit.BeginAsync(ct);
        if (!await SecurityKeyRepository.InsertAsync(unit.Connection, unit.Transaction, record, ct))
        {
            return Refused("this security key is registered already");
        }

        await unit.RecordAsync(AccountClaims.Actor(account), "account.security-key-added", account,
            new { credentialId = Convert.ToHexStringLower(SHA256.HashData(credential.Id))[..16] }, ct);
        await unit.CommitAsync(ct);
        return record;
    }

    /// <summary>The options the browser passes to navigator.credentials.get() for the account's keys.</summary>
    public async Task<Outcome<AssertionOptions>> AssertionOptionsAsync(string account, CancellationToken ct)
    {
        if (!IsEnabled)
        {
            return Disabled();
        }

        var registered = await keys.ForAccountAsync(account, ct);
        if (registered.Count == 0)
        {
            return new Failure(AccountReasons.SecurityKeyInvalid, "the account has no security key", FailureKind.Conflict);
        }

        var assertion = Fido().GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. registered.Select(k => new PublicKeyCredentialDescriptor(k.CredentialId))],
            UserVerification = UserVerificationRequirement.Discouraged,
        });
        Keep("assert:" + account, assertion);
        return assertion;
    }

    /// <summary>True when <paramref name="response"/> answers the account's pending assertion with one of its keys.</summary>
    public async Task<bool> VerifyAsync(string account, AuthenticatorAssertionRawResponse response, CancellationToken ct)
    {
        if (Take<AssertionOptions>("assert:" + account) is not { } original || response.RawId is null
            || await keys.FindAsync(response.RawId, ct) is not { } key || key.Account != account)
        {
            return false;
        }

        try
        {
            var result = await Fido().MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = original,
                StoredPublicKey = key.PublicKey,
                StoredSignatureCounter = key.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(key.UserHandle)),
            }, ct);
            await keys.UpdateSignCountAsync(key.CredentialId, result.SignCount, ct);
            return true;
        }
        catch (Fido2VerificationException)
        {
            return false;
        }
    }

    // Not secret: WebAuthn only asks that it not name the person; the account name's hash is stable and says nothing more.
    private static byte[] UserHandle(string account) => SHA256.HashData(Encoding.UTF8.GetBytes("highside-account:" + account));

    private Fido2 Fido()
    {
        var webAuthn = options.Value.WebAuthn;
        return new Fido2(new Fido2Configuration
        {
            RPID = webAuthn.ServerDomain,
            RPName = webAuthn.ServerName,
            Origins = new HashSet<string>(webAuthn.Origins, StringComparer.Ordinal),
            TimestampDriftTolerance = 300_000,
        });
    }

    private void Keep(string key, object ceremony)
    {
        var now = clock.GetUtcNow();
        foreach (var (stale, value) in _ceremonies)
        {
            if (value.Expires <= now)
            {
                _ceremonies.TryRemove(stale, out _);
            }
        }

        _ceremonies[key] = (ceremony, now + CeremonyLifetime);
    }

    private T? Take<T>(string key)
        where T : class =>
        _ceremonies.TryRemove(key, out var value) && value.Expires > clock.GetUtcNow() ? value.Options as T : null;

    private static Failure Disabled() => new(AccountReasons.SecurityKeyInvalid,
        "security keys are not configured on this high side (Auth:WebAuthn:ServerDomain)", FailureKind.Conflict);

    private static Failure Refused(string message) => new(AccountReasons.SecurityKeyInvalid, message, FailureKind.Refused);
}
