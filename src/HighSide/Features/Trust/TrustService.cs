using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;

namespace TransferPipeline.HighSide.Features.Trust;

/// <summary>Which low-side keys may sign batches for which site; revoked keys stay listed, flagged.</summary>
internal sealed class TrustService(TrustRepository repository, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<TrustedKeyRecord>> AddAsync(string siteId, string publicKeyFile, string actor, CancellationToken cancellationToken)
    {
        if (!BatchIdentifiers.IsSiteId(siteId))
        {
            return TrustErrors.InvalidSite(siteId);
        }

        MinisignPublicKey key;
        try
        {
            key = MinisignPublicKey.Load(publicKeyFile);
        }
        catch (Exception ex) when (ex is IOException or MinisignFormatException or UnauthorizedAccessException)
        {
            return TrustErrors.UnreadableKey(publicKeyFile, ex.Message);
        }

        if (await repository.FindAsync(key.KeyIdHex, cancellationToken) is { } existing)
        {
            return TrustErrors.AlreadyTrusted(existing.KeyId, existing.SiteId);
        }

        var record = new TrustedKeyRecord(key.KeyIdHex, siteId, key.ToBase64(), clock.GetUtcNow(), null);
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await TrustRepository.InsertAsync(unit.Connection, unit.Transaction, record, cancellationToken);
            await unit.RecordAsync(actor, "trust.key-added", key.KeyIdHex, new { site = siteId }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return record;
    }

    public Task<IReadOnlyList<TrustedKeyRecord>> ListAsync(CancellationToken cancellationToken) => repository.ListAsync(cancellationToken);

    public async Task<Outcome<TrustedKeyRecord>> RevokeAsync(string keyId, string actor, CancellationToken cancellationToken)
    {
        var normalized = keyId.ToUpperInvariant();
        if (await repository.FindAsync(normalized, cancellationToken) is not { } existing)
        {
            return TrustErrors.NotFound(keyId);
        }

        var now = clock.GetUtcNow();
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            await TrustRepository.RevokeAsync(unit.Connection, unit.Transaction, normalized, now, cancellationToken);
            // Batches it signed that are still in quarantine are refused too: they were never published, and now never will be.
            var refused = await BatchRepository.RefuseSignedByAsync(unit.Connection, unit.Transaction, normalized, "key-revoked",
                $"the signing key {normalized} was revoked", now, cancellationToken);
            await unit.RecordAsync(actor, "trust.key-revoked", normalized, new { site = existing.SiteId, refusedBatches = refused }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return existing with { RevokedUtc = existing.RevokedUtc ?? now };
    }

    /// <summary>The keys as the verifier takes them: bound to their site, revoked ones flagged.</summary>
    public async Task<IReadOnlyList<TrustedSigningKey>> SigningKeysAsync(CancellationToken cancellationToken)
    {
        var keys = await repository.ListAsync(cancellationToken);
        return [.. keys.Select(k => new TrustedSigningKey(MinisignPublicKey.Parse(k.PublicKey), k.SiteId, k.IsRevoked))];
    }
}
