using System.Text.RegularExpressions;
using FluentValidation;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>The one validator for new requests, used by the CLI, the HTTP API and the consumer alike.</summary>
internal sealed partial class NewRequestValidator : AbstractValidator<NewRequest>
{
    public const int MaxShortField = 200;
    public const int MaxLongField = 4096;
    public const int MaxUrl = 2048;
    public const int MaxPlatforms = 16;

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformPattern();

    [GeneratedRegex("^[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChartTokenPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChartVersionPattern();

    public NewRequestValidator()
    {
        RuleFor(r => r.Kind).Must(ArtifactKinds.IsKnown).WithMessage("kind must be image, file or chart (got '{PropertyValue}')");
        RuleFor(r => r.Requester).NotEmpty().MaximumLength(MaxShortField).Must(IsPrintable).WithMessage("requester must be printable text");
        RuleFor(r => r.Justification).NotEmpty().MaximumLength(MaxLongField).Must(IsPrintable).WithMessage("justification must be printable text");
        RuleFor(r => r.Ticket).MaximumLength(MaxShortField).Must(t => t is null || IsPrintable(t)).WithMessage("ticket must be printable text");
        RuleFor(r => r.Source).NotEmpty().MaximumLength(MaxUrl);
        When(r => r.Kind == ArtifactKinds.Image, ImageRules);
        When(r => r.Kind is ArtifactKinds.File or ArtifactKinds.Chart, () =>
            RuleFor(r => r.Source).Must(IsHttpUrl).When(r => !string.IsNullOrEmpty(r.Source))
                .WithMessage("source must be an absolute http or https URL without credentials"));
        When(r => r.Kind == ArtifactKinds.File, () =>
        {
            RuleFor(r => r.Sha256).Must(s => s is null || Sha256Pattern().IsMatch(s)).WithMessage("sha256 must be 64 lowercase hex digits");
            RuleFor(r => r.Name).Null().WithMessage("name is only for charts");
        });
        When(r => r.Kind == ArtifactKinds.Chart, () =>
        {
            RuleFor(r => r.Name).NotEmpty().Must(n => n is null || ChartTokenPattern().IsMatch(n)).WithMessage("name must be a chart name (A-Z a-z 0-9 . _ -)");
            RuleFor(r => r.Version).NotEmpty().Must(n => n is null || ChartVersionPattern().IsMatch(n)).WithMessage("version must be a chart version (A-Z a-z 0-9 . _ - +)");
            RuleFor(r => r.Sha256).Null().WithMessage("sha256 is taken from the chart repository index");
        });
        When(r => r.Kind != ArtifactKinds.Image, () =>
            RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images"));
    }

    private void ImageRules()
    {
        RuleFor(r => r.Source).Must(s => ImageReference.TryParse(s, out _, out _))
            .When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage((request, source) => ImageReference.TryParse(source, out _, out var error) ? "" : error);
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count <= MaxPlatforms).WithMessage($"at most {MaxPlatforms} platforms");
        RuleForEach(r => r.Platforms).Must(p => p is not null && p.Length <= 64 && PlatformPattern().IsMatch(p))
            .WithMessage("platform '{PropertyValue}' must be os/architecture[/variant], e.g. linux/amd64");
        RuleFor(r => r.Sha256).Null().WithMessage("sha256 is for files; pin an image with @sha256:... instead");
        RuleFor(r => r.Name).Null().WithMessage("name is only for charts");
        RuleFor(r => r.Version).Null().WithMessage("version is only for charts");
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment);

    private static bool IsPrintable(string? value) => value is null || !value.Any(char.IsControl);
}
