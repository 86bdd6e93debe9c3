using FluentValidation;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.Shared.Batches;

/// <summary>Rules for one artifact entry.</summary>
internal sealed class ManifestArtifactValidator : AbstractValidator<ManifestArtifact>
{
    public ManifestArtifactValidator(BatchLimits limits)
    {
        var invalid = BatchRejectionReason.ManifestInvalid.ToCode();
        var limit = BatchRejectionReason.LimitExceeded.ToCode();
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(a => a.Kind).Must(ArtifactKinds.IsKnown).WithErrorCode(invalid)
            .WithMessage(a => $"artifact kind '{a.Kind}' is unknown ({ArtifactKinds.Names})");
        RuleFor(a => a.Digest).Must(BatchIdentifiers.IsDigest).WithErrorCode(invalid)
            .WithMessage(a => $"artifact digest '{a.Digest}' is not sha256:<64 hex digits>");
        RuleFor(a => a.Source).NotEmpty().WithErrorCode(invalid);
        RuleFor(a => a.Name).NotEmpty().WithErrorCode(invalid);
        RuleFor(a => a.Requester).NotEmpty().WithErrorCode(invalid);
        RuleFor(a => a.RequestId).NotEmpty().WithErrorCode(invalid);
        RuleFor(a => a.Justification).NotEmpty().WithErrorCode(invalid);
        RuleFor(a => a).Must(a => TextFields(a).All(t => t is null || t.Length <= limits.MaxTextLength))
            .WithErrorCode(limit).WithMessage($"an artifact text field is longer than {limits.MaxTextLength} characters");
        RuleFor(a => a).Must(a => TextFields(a).All(t => t is null || !t.Any(char.IsControl)))
            .WithErrorCode(invalid).WithMessage("an artifact text field contains control characters");
        RuleFor(a => a.LayoutTag).Must(BatchIdentifiers.IsLayoutTag).When(a => ArtifactKinds.IsInOciLayout(a.Kind))
            .WithErrorCode(invalid).WithMessage(a => $"image {a.Name} needs a layout tag, and '{a.LayoutTag}' is not a valid OCI tag");
        RuleFor(a => a.LayoutTag).Null().When(a => !ArtifactKinds.IsInOciLayout(a.Kind))
            .WithErrorCode(invalid).WithMessage(a => $"a {a.Kind} artifact is not in the OCI layout and has no layout tag");
        RuleFor(a => a.MediaType).NotEmpty().When(a => ArtifactKinds.IsInOciLayout(a.Kind))
            .WithErrorCode(invalid).WithMessage(a => $"image {a.Name} has no media type");
        RuleFor(a => a).Must(a => ScannerDataFiles.PackingOf(a.Name, a.Source) is not null).When(a => a.Kind == ArtifactKinds.ScannerData)
            .WithErrorCode(invalid).WithMessage(a => $"scanner-data '{a.Name}' from '{a.Source}' is not {ScannerDataFiles.Description}");
        RuleFor(a => a).Must(a => DebianSource.TryParse(a.Source, out _) && DebianNames.SplitRequested(a.Name) is not null && a.Version is null)
            .When(a => a.Kind == ArtifactKinds.Deb).WithErrorCode(invalid)
            .WithMessage(a => $"deb '{a.Name}' from '{a.Source}' needs a source {DebianSource.Description}, a name of package names "
                + "separated by single spaces, and no version");
        RuleFor(a => a).Must(a => NpmNames.IsRegistry(a.Source) && NpmNames.IsArtifactName(a.Name) && a.Version is null)
            .When(a => a.Kind == ArtifactKinds.Npm).WithErrorCode(invalid)
            .WithMessage(a => $"npm '{a.Name}' from '{a.Source}' needs a source that is {NpmNames.RegistryDescription}, a name of "
                + $"{NpmNames.NameDescription}, and no version");
        RuleFor(a => a).Must(a => PyPINames.IsIndex(a.Source) && PyPINames.IsArtifactName(a.Name) && a.Version is null)
            .When(a => a.Kind == ArtifactKinds.PyPI).WithErrorCode(invalid)
            .WithMessage(a => $"pypi '{a.Name}' from '{a.Source}' needs a source that is {PyPINames.IndexDescription}, a name of "
                + $"{PyPINames.NameDescription}, and no version");
        RuleFor(a => a).Must(a => NuGetNames.IsServiceIndex(a.Source) && NuGetNames.IsArtifactName(a.Name) && a.Version is null)
            .When(a => a.Kind == ArtifactKinds.NuGet).WithErrorCode(invalid)
            .WithMessage(a => $"nuget '{a.Name}' from '{a.Source}' needs a source that is {NuGetNames.ServiceIndexDescription}, a name "
                + $"of {NuGetNames.NameDescription}, and no version");
        RuleFor(a => a.Blobs).NotEmpty().WithErrorCode(invalid);
        RuleFor(a => a.Blobs.Count).LessThanOrEqualTo(limits.MaxFiles).WithErrorCode(limit);
        RuleFor(a => a).Must(a => a.Blobs.Count > 0 && a.Blobs[0] == a.Digest).WithErrorCode(invalid)
            .WithMessage(a => $"artifact {a.Name} does not list its own digest {a.Digest} first among its blobs");
        RuleFor(a => a).Must(a => a.Blobs.Distinct(StringComparer.Ordinal).Count() == a.Blobs.Count)
            .WithErrorCode(BatchRejectionReason.DuplicateEntry.ToCode())
            .WithMessage(a => $"artifact {a.Name} lists a blob twice");
        RuleFor(a => a).Custom((artifact, context) =>
        {
            if (ManifestAttachmentRules.FindProblem(artifact) is { } problem)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("attachments", problem.Message)
                {
                    ErrorCode = problem.Reason.ToCode(),
                });
            }
        });
    }

    private static IEnumerable<string?> TextFields(ManifestArtifact artifact) =>
    [
        artifact.Source, artifact.Name, artifact.Version, artifact.MediaType, artifact.Requester,
        artifact.RequestId, artifact.Justification, artifact.Ticket,
    ];
}
