using FluentValidation;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Schema and value rules of a manifest. Each failure carries the rejection reason's code as its
/// ErrorCode; <see cref="ManifestStructureRules"/> holds the rules that relate files, blobs and volumes.
/// </summary>
public sealed class BatchManifestValidator : AbstractValidator<BatchManifest>
{
    public BatchManifestValidator(BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var invalid = BatchRejectionReason.ManifestInvalid.ToCode();
        var limit = BatchRejectionReason.LimitExceeded.ToCode();

        RuleLevelCascadeMode = CascadeMode.Stop;
        ClassLevelCascadeMode = CascadeMode.Stop;

        RuleFor(m => m.FormatVersion).Equal(BatchManifest.CurrentFormatVersion)
            .WithErrorCode(BatchRejectionReason.UnsupportedFormatVersion.ToCode())
            .WithMessage(m => $"format version {m.FormatVersion} is not supported (this version reads {BatchManifest.CurrentFormatVersion})");
        RuleFor(m => m.BatchId).Must(BatchIdentifiers.IsBatchId).WithErrorCode(invalid)
            .WithMessage("batchId must be 1-48 lowercase letters, digits or '-'");
        RuleFor(m => m.SiteId).Must(BatchIdentifiers.IsSiteId).WithErrorCode(invalid)
            .WithMessage("siteId must be 1-32 lowercase letters, digits or '-'");
        RuleFor(m => m.Sequence).InclusiveBetween(1, limits.MaxSequence).WithErrorCode(limit)
            .WithMessage(m => $"sequence {m.Sequence} is outside 1..{limits.MaxSequence}");
        RuleFor(m => m.BatchId).Must((m, id) => id == BatchIdentifiers.BatchIdFor(m.SiteId, m.Sequence))
            .WithErrorCode(BatchRejectionReason.BatchIdMismatch.ToCode())
            .WithMessage(m => $"batchId {m.BatchId} is not the id of site {m.SiteId}'s batch {m.Sequence} "
                + $"({BatchIdentifiers.BatchIdFor(m.SiteId, m.Sequence)})");
        RuleFor(m => m.ExpiresUtc).GreaterThan(m => m.CreatedUtc).WithErrorCode(invalid)
            .WithMessage("expiresUtc must be later than createdUtc");
        RuleFor(m => m.KeyId).Must(BatchIdentifiers.IsKeyId).WithErrorCode(invalid)
            .WithMessage("keyId must be 1 to 16 uppercase hex digits");
        RuleFor(m => m.ChunkSize).InclusiveBetween(1, limits.MaxFileBytes).WithErrorCode(limit)
            .WithMessage(m => $"chunkSize {m.ChunkSize} is outside 1..{limits.MaxFileBytes}");
        RuleFor(m => m.Volumes.Count).InclusiveBetween(1, limits.MaxVolumes).WithErrorCode(limit)
            .WithMessage(m => $"the batch declares {m.Volumes.Count} volumes; the limit is {limits.MaxVolumes}");
        RuleFor(m => m.Files.Count).LessThanOrEqualTo(limits.MaxFiles).WithErrorCode(limit)
            .WithMessage(m => $"the manifest lists {m.Files.Count} files; the limit is {limits.MaxFiles}");
        RuleFor(m => m.Artifacts.Count).InclusiveBetween(1, limits.MaxArtifacts).WithErrorCode(limit)
            .WithMessage(m => $"the manifest lists {m.Artifacts.Count} artifacts; allowed are 1 to {limits.MaxArtifacts}");
        RuleFor(m => m.Blobs.Count).LessThanOrEqualTo(limits.MaxFiles).WithErrorCode(limit)
            .WithMessage(m => $"the manifest lists {m.Blobs.Count} blobs; the limit is {limits.MaxFiles}");
        RuleForEach(m => m.Artifacts).SetValidator(new ManifestArtifactValidator(limits));
        RuleFor(m => m).Custom((manifest, context) =>
        {
            var failure = new ManifestStructureRules(manifest, limits).FindFirstProblem();
            if (failure is not null)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure(failure.Value.Property, failure.Value.Message)
                {
                    ErrorCode = failure.Value.Reason.ToCode(),
                });
            }
        });
    }
}
