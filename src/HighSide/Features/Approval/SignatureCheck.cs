using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>A checked decision signature: the signing key and the officer it belongs to.</summary>
internal sealed record SignatureCheck(string KeyId, string Officer)
{
    /// <summary>
    /// Checks a submitted (or stored) decision signature against the officer registry and the statement
    /// rebuilt from the batch. The officer's identity comes from the registry, by key, never from the submission.
    /// </summary>
    public static Outcome<SignatureCheck> Run(BatchRecord batch, string decision, string? reason, string signatureText,
        IReadOnlyList<OfficerRecord> officers, IReadOnlyList<ArtifactRecord> artifacts)
    {
        MinisignSignature signature;
        try
        {
            signature = MinisignSignature.Parse(signatureText);
        }
        catch (MinisignFormatException ex)
        {
            return new Failure(ApprovalReasons.SignatureMalformed, $"the signature is not a minisign signature: {ex.Message}", FailureKind.Invalid);
        }

        var holders = officers.Where(o => o.KeyId == signature.KeyIdHex).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        if (holders.Count == 0)
        {
            return new Failure(ApprovalReasons.UnknownOfficer, $"key {signature.KeyIdHex} belongs to no registered officer");
        }

        var active = holders.Where(o => o.IsActive).ToList();
        if (active.Count == 0)
        {
            return new Failure(ApprovalReasons.OfficerDisabled, $"officer {holders[0].Name} (key {signature.KeyIdHex}) is disabled");
        }

        var expectedComment = ApprovalStatement.TrustedCommentFor(batch.Id, decision);
        if (signature.TrustedComment != expectedComment)
        {
            return new Failure(ApprovalReasons.WrongBatch, $"the signature's trusted comment is '{signature.TrustedComment}', expected '{expectedComment}'");
        }

        // Every active holder's key is tried (the registry refuses look-alike ids, but the database is not trusted);
        // the officer is the one whose key actually verifies.
        var keys = active.Select(o => MinisignPublicKey.Parse(o.PublicKey)).ToList();
        var statement = new ApprovalStatement(batch.Id, batch.ManifestSha256!, decision, reason).Bytes;
        var verification = MinisignVerifier.Verify(keys, Blake2bHash.Compute(statement, 64), [], signature);
        if (!verification.IsValid)
        {
            return new Failure(ApprovalReasons.SignatureInvalid,
                $"the signature does not match the statement for batch {batch.Id} with manifest sha256 {batch.ManifestSha256} ({verification.Status})");
        }

        var signer = active.First(o => o.PublicKey == verification.Key!.ToBase64());
        holders = [.. holders.Where(o => o.PublicKey == signer.PublicKey)];
        var requester = artifacts.FirstOrDefault(a => holders.Any(o => string.Equals(o.Name, a.Requester, StringComparison.OrdinalIgnoreCase)));
        if (requester is not null)
        {
            return new Failure(ApprovalReasons.Requester, $"officer {requester.Requester} requested {requester.Name} in this batch and cannot decide on it");
        }

        return new SignatureCheck(signature.KeyIdHex, signer.Name);
    }
}
