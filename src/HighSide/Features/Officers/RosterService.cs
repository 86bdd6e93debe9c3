using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// The officer roster: the roster in force is the newest version whose chain of signatures verifies
/// from version 1; a change is a proposal that takes effect once the officers the rules ask for have
/// signed it. Proposals and signatures are audited with who made them.
/// </summary>
internal sealed class RosterService(RosterRepository repository, IOptions<SiteOptions> site, IOptions<ApprovalOptions> approval,
    AuditTrail audit, TimeProvider clock, ILogger<RosterService> logger)
{
    private int MinimumThreshold => approval.Value.Required;

    /// <summary>The roster in force, or null before the founding ceremony is complete.</summary>
    public async Task<Roster?> CurrentAsync(CancellationToken cancellationToken) => (await ChainAsync(cancellationToken)).Current;

    /// <summary>
    /// The roster decisions are checked against: the one in force, unless there is none yet, or the audit trail
    /// records a later version than the newest that verifies (versions were removed from the database to bring
    /// back officers they had disabled), when nothing is decided until they are restored.
    /// </summary>
    public async Task<Outcome<Roster>> ForDecisionsAsync(CancellationToken cancellationToken)
    {
        var (current, _, audited) = await ChainAsync(cancellationToken);
        if (audited > (current?.Version ?? 0))
        {
            logger.LogError("The audit trail records roster version {Audited} in force, but the newest version that verifies is {Current}",
                audited, current?.Version ?? 0);
            var newest = current?.Version ?? 0;
            return new Failure(OfficerReasons.RolledBack, string.Create(CultureInfo.InvariantCulture,
                    $"the audit trail records roster version {audited} in force, but the newest version whose signatures verify is {newest}: ")
                + "roster versions were removed from the database or replaced; no decision counts until they are restored", FailureKind.Conflict);
        }

        return current is null
            ? new Failure(OfficerReasons.NoRoster, "there is no officer roster in force: officers found one with `highside officer found` first",
                FailureKind.Conflict)
            : current;
    }

    public async Task<Outcome<RosterProposal>> ProposeAsync(RosterChange change, string actor, CancellationToken cancellationToken)
    {
        var (current, all, _) = await ChainAsync(cancellationToken);
        var applied = change.Apply(current);
        if (!applied.IsOk)
        {
            return applied.Error;
        }

        var document = new RosterDocument
        {
            FormatVersion = RosterDocument.CurrentFormatVersion,
            SiteId = site.Value.Id,
            Version = (current?.Version ?? 0) + 1,
            PreviousSha256 = current?.Sha256,
            Threshold = applied.Value.Threshold,
            CreatedUtc = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()),
            Change = change.Describe(),
            Officers = applied.Value.Officers,
            RetiredKeys = [.. current?.Document.RetiredKeys ?? [], .. change.Retires(current)],
        };
        if (RosterRules.Check(document, site.Value.Id, MinimumThreshold) is { } refused)
        {
            await audit.RecordAsync(actor, "roster.proposal-refused", document.Change, new { reason = refused.Code, refused.Message }, cancellationToken);
            return refused;
        }

        var bytes = RosterFormat.Serialize(document);
        var sha256 = RosterFormat.Sha256(bytes);
        if (all.All(r => r.Roster.Sha256 != sha256))
        {
            await using var unit = await audit.BeginAsync(cancellationToken);
            await RosterRepository.InsertAsync(unit.Connection, unit.Transaction, bytes, document, sha256, actor, clock.GetUtcNow(), cancellationToken);
            await unit.RecordAsync(actor, "roster.proposed", sha256, new { document.Version, document.Change, document.Threshold }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }

        return await ProposalAsync(sha256, cancellationToken);
    }

    /// <summary>Adds an officer's signature (minisign text over the proposal's exact bytes); the proposal takes effect when it is enough.</summary>
    public Task<Outcome<RosterProposal>> SignAsync(string proposalId, string signatureText, CancellationToken cancellationToken) =>
        SignAsync(proposalId, signatureText, uploadedByOfficer: null, cancellationToken);

    /// <param name="proposalId">The proposal.</param>
    /// <param name="signatureText">The minisign signature's text.</param>
    /// <param name="uploadedByOfficer">
    /// The officer whose account uploaded it over HTTP; null from the command line. An officer in force signs only from their own
    /// account, as a decision does; a signature of an officer the proposal brings in (who has no account yet) any officer may upload.
    /// </param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<Outcome<RosterProposal>> SignAsync(string proposalId, string signatureText, string? uploadedByOfficer,
        CancellationToken cancellationToken)
    {
        var (current, all, _) = await ChainAsync(cancellationToken);
        var found = Find(all, proposalId);
        if (!found.IsOk)
        {
            return found.Error;
        }

        var (proposal, state) = found.Value;
        if (state != RosterProposal.Proposed || proposal.Document.Version != (current?.Version ?? 0) + 1)
        {
            return new Failure(OfficerReasons.ProposalStale,
                $"proposal {proposalId} is for roster version {proposal.Document.Version} and is {state}; version {current?.Version ?? 0} is in force",
                FailureKind.Conflict);
        }

        MinisignSignature signature;
        try
        {
            signature = MinisignSignature.Parse(signatureText);
        }
        catch (MinisignFormatException ex)
        {
            return new Failure(OfficerReasons.SignatureMalformed, $"not a minisign signature: {ex.Message}", FailureKind.Invalid);
        }

        // Who may sign: the officers in force, and whoever the proposal brings in (to prove they hold their key).
        RosterOfficer[] candidates = [.. current?.Active ?? [], .. proposal.Document.Officers];
        var signed = proposal with { Signatures = [signature] };
        var signer = RosterChain.Signers(signed, candidates).FirstOrDefault();
        if (signer is null)
        {
            var why = signature.TrustedComment != RosterFormat.TrustedComment(proposal.Document, proposal.Sha256)
                ? $"its trusted comment is not '{RosterFormat.TrustedComment(proposal.Document, proposal.Sha256)}'"
                : "no officer of the roster in force or of the proposal made it over this proposal's bytes";
            return new Failure(OfficerReasons.SignatureInvalid, $"the signature does not count: {why}");
        }

        var officer = candidates.First(o => o.RawKey == signer).Name;
        if (uploadedByOfficer is not null && current?.Active.Any(o => o.RawKey == signer) == true
            && !string.Equals(officer, uploadedByOfficer, StringComparison.OrdinalIgnoreCase))
        {
            return new Failure(OfficerReasons.SignerNotSignedIn,
                $"the signature is officer {officer}'s, but the account that uploaded it is officer {uploadedByOfficer}'s", FailureKind.Forbidden);
        }

        var withSignature = proposal with { Signatures = [.. proposal.Signatures, signature] };
        var admitted = RosterChain.Admits(current, withSignature, site.Value.Id, MinimumThreshold) is null;
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            await RosterRepository.AddSignatureAsync(unit.Connection, unit.Transaction, proposal.Sha256, signer, officer, signature.ToFileText(), now,
                cancellationToken);
            await unit.RecordAsync(officer, "roster.signed", proposal.Sha256, new { proposal.Document.Version }, cancellationToken);
            if (admitted)
            {
                await RosterRepository.MarkInForceAsync(unit.Connection, unit.Transaction, proposal.Sha256, proposal.Document.Version, cancellationToken);
                var signers = RosterChain.Signers(withSignature, candidates);
                await unit.RecordAsync(AuditTrail.System, "roster.changed", proposal.Sha256, new
                {
                    proposal.Document.Version,
                    proposal.Document.Change,
                    proposal.Document.Threshold,
                    signers = candidates.Where(o => signers.Contains(o.RawKey)).Select(o => o.Name).Distinct().ToList(),
                }, cancellationToken);
            }

            await unit.CommitAsync(cancellationToken);
        }

        if (admitted)
        {
            logger.LogInformation("Roster version {Version} is in force: {Change}", proposal.Document.Version, proposal.Document.Change);
        }

        return await ProposalAsync(proposal.Sha256, cancellationToken);
    }

    /// <summary>Signs a proposal with an officer's secret key on this machine (demo and tests; officers sign on their own machines).</summary>
    public async Task<Outcome<RosterProposal>> SignWithKeyAsync(string proposalId, MinisignSecretKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = Find((await ChainAsync(cancellationToken)).All, proposalId);
        if (!found.IsOk)
        {
            return found.Error;
        }

        var proposal = found.Value.Roster;
        var signature = key.SignPrehashed(Blake2bHash.Compute(proposal.Bytes, 64),
            RosterFormat.TrustedComment(proposal.Document, proposal.Sha256), "roster signature");
        return await SignAsync(proposalId, signature.ToFileText(), cancellationToken);
    }

    public Task<IReadOnlyList<RosterProposal>> ProposalsAsync(CancellationToken cancellationToken) => repository.ProposalsAsync(cancellationToken);

    /// <summary>The exact bytes officers sign for a proposal.</summary>
    public async Task<Outcome<byte[]>> DocumentAsync(string proposalId, CancellationToken cancellationToken)
    {
        var found = Find((await ChainAsync(cancellationToken)).All, proposalId);
        return found.IsOk ? found.Value.Roster.Bytes : found.Error;
    }

    private async Task<Outcome<RosterProposal>> ProposalAsync(string sha256, CancellationToken cancellationToken) =>
        (await repository.ProposalsAsync(cancellationToken)).Single(p => p.Sha256 == sha256);

    private static Outcome<(SignedRoster Roster, string State)> Find(
        IReadOnlyList<(SignedRoster Roster, string State, DateTimeOffset CreatedUtc)> all, string proposalId)
    {
        var matches = all.Where(r => proposalId.Length >= 8 && r.Roster.Sha256.StartsWith(proposalId, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1
            ? (matches[0].Roster, matches[0].State)
            : new Failure(OfficerReasons.ProposalNotFound, $"no single roster proposal {proposalId}", FailureKind.NotFound);
    }

    // Per version, the first document that may follow the roster before it; a version that none may follow ends the chain.
    // A version the audit trail records in force can only be that document: a founding roster of the operator's own
    // keys, written into the tables as version 1, is not the site's version 1. Also the newest version the trail records.
    private async Task<(Roster? Current, IReadOnlyList<(SignedRoster Roster, string State, DateTimeOffset CreatedUtc)> All, long NewestAudited)>
        ChainAsync(CancellationToken cancellationToken)
    {
        var audited = await repository.AuditedVersionsAsync(cancellationToken);
        var all = await repository.AllAsync(cancellationToken);
        Roster? current = null;
        foreach (var version in all.GroupBy(r => r.Roster.Document.Version).OrderBy(g => g.Key))
        {
            var pinned = audited.GetValueOrDefault(version.Key);
            var next = version.Where(r => pinned is null || r.Roster.Sha256 == pinned)
                .OrderBy(r => r.State == RosterProposal.InForce ? 0 : 1).ThenBy(r => r.CreatedUtc)
                .FirstOrDefault(r => RosterChain.Admits(current, r.Roster, site.Value.Id, MinimumThreshold) is null);
            if (next.Roster is null)
            {
                if (version.Any(r => r.State == RosterProposal.InForce))
                {
                    logger.LogError("Roster version {Version} is marked in force but its signatures do not verify; version {Current} stays in force",
                        version.Key, current?.Version ?? 0);
                }

                break;
            }

            current = new Roster(next.Roster.Document, next.Roster.Sha256);
        }

        return (current, all, audited.Keys.DefaultIfEmpty(0).Max());
    }
}
