using System.Text.RegularExpressions;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>The officer registry: who may approve, identified by their public key.</summary>
internal sealed partial class OfficerService(OfficerRepository repository, AuditTrail audit, TimeProvider clock,
    ILogger<OfficerService> logger)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public async Task<Outcome<OfficerRecord>> AddAsync(string name, string publicKeyFile, string actor, CancellationToken cancellationToken)
    {
        if (!NamePattern().IsMatch(name))
        {
            return OfficerErrors.InvalidName(name);
        }

        MinisignPublicKey key;
        try
        {
            key = MinisignPublicKey.Load(publicKeyFile);
        }
        catch (Exception ex) when (ex is IOException or MinisignFormatException or UnauthorizedAccessException)
        {
            return OfficerErrors.UnreadableKey(publicKeyFile, ex.Message);
        }

        if (await repository.FindAsync(name, cancellationToken) is not null)
        {
            return OfficerErrors.AlreadyRegistered(name);
        }

        var all = await repository.ListAsync(cancellationToken);
        if (all.FirstOrDefault(o => o.KeyId == key.KeyIdHex && o.PublicKey != key.ToBase64()) is { } clash)
        {
            // Key ids are chosen by whoever makes the key: a look-alike id must not shadow another officer's key.
            return OfficerErrors.KeyIdClash(key.KeyIdHex, clash.Name);
        }

        if (all.FirstOrDefault(o => o.KeyId == key.KeyIdHex) is { } twin)
        {
            // Allowed, but it never makes two approvers: approvals are counted per key.
            logger.LogWarning(
                "Key {KeyId} of officer {Name} is already registered for officer {Other}; their approvals count once",
                key.KeyIdHex,
                name,
                twin.Name);
        }

        var record = new OfficerRecord(name, key.KeyIdHex, key.ToBase64(), clock.GetUtcNow(), null);
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await OfficerRepository.InsertAsync(unit.Connection, unit.Transaction, record, cancellationToken);
            await unit.RecordAsync(actor, "officer.added", name, new { keyId = key.KeyIdHex }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return record;
    }

    public Task<IReadOnlyList<OfficerRecord>> ListAsync(CancellationToken cancellationToken) => repository.ListAsync(cancellationToken);

    public Task<OfficerRecord?> FindAsync(string name, CancellationToken cancellationToken) => repository.FindAsync(name, cancellationToken);

    public async Task<Outcome<OfficerRecord>> DisableAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (await repository.FindAsync(name, cancellationToken) is not { } existing)
        {
            return OfficerErrors.NotFound(name);
        }

        var now = clock.GetUtcNow();
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await OfficerRepository.DisableAsync(unit.Connection, unit.Transaction, name, now, cancellationToken);
            await unit.RecordAsync(actor, "officer.disabled", name, new { keyId = existing.KeyId }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return existing with { DisabledUtc = existing.DisabledUtc ?? now };
    }
}
