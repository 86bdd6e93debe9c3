using System.Text.RegularExpressions;
using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>An image request names a registry reference and, optionally, the one platform of a multi-arch index it wants.</summary>
internal sealed partial class ImageRequestRules : AbstractValidator<NewRequest>
{

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformPattern();

    public ImageRequestRules()
    {
        RuleFor(r => r.Source).Must(s => ImageReference.TryParse(s, out _, out _))
            .When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage((request, source) => ImageReference.TryParse(source, out _, out var error) ? "" : error);
        RuleFor(r => r.Source).Must(s => !ImageReference.TryParse(s, out var reference, out _) || !ImageReference.IsAttachmentTag(reference.Tag))
            .WithMessage($"tags starting '{ImageReference.AttachmentTagPrefix}' belong to other images' signatures, attestations, SBOMs "
                + "and referrers; request the image they belong to, which brings them along");
        // An index travels whole (its digest is what was asked for and what its signature signs) or as one platform's image.
        // Narrowed to several, it would name manifests the batch does not carry, which no registry accepts.
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count <= 1)
            .WithMessage("one platform, or none for all of them: an index travels whole or as one platform's image; request each platform wanted");
        RuleForEach(r => r.Platforms).Must(p => p is not null && p.Length <= 64 && PlatformPattern().IsMatch(p))
            .WithMessage("platform '{PropertyValue}' must be os/architecture[/variant], e.g. linux/amd64");
        RuleFor(r => r.Sha256).Null().WithMessage("sha256 is for files; pin an image with @sha256:... instead");
        RuleFor(r => r.Name).Null().WithMessage("name is only for charts and scanner data");
        RuleFor(r => r.Version).Null().WithMessage("version is only for charts");
    }
}
