using System.Text.RegularExpressions;
using FluentValidation;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// A chart request names an HTTP chart repository or an <c>oci://</c> registry path, a chart and its version; the digest comes
/// from the repository's index or the registry's manifest.
/// </summary>
internal sealed partial class ChartRequestRules : AbstractValidator<NewRequest>
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChartTokenPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChartVersionPattern();

    public ChartRequestRules()
    {
        RuleFor(r => r.Source).Must(s => RequestRules.IsHttpUrl(s) || OciChartSource.Registry(s) is not null).When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage("source must be an http or https chart repository URL without credentials, or oci://registry/path");
        RuleFor(r => r.Name).NotEmpty().Must(n => n is null || ChartTokenPattern().IsMatch(n))
            .WithMessage("name must be a chart name (A-Z a-z 0-9 . _ -)");
        RuleFor(r => r.Version).NotEmpty().Must(n => n is null || ChartVersionPattern().IsMatch(n))
            .WithMessage("version must be a chart version (A-Z a-z 0-9 . _ - +)")
            .DependentRules(() => RuleFor(r => r.Version)
                .Must((r, v) => r.Name is null || v is null || PortableFileName.Problem($"{r.Name}-{v}.tgz") is null)
                .WithMessage(r => $"the chart is published as '{r.Name}-{r.Version}.tgz', which is not a portable file name: "
                    + PortableFileName.Problem($"{r.Name}-{r.Version}.tgz")));
        RuleFor(r => r.Sha256).Null().WithMessage("sha256 is taken from the chart repository index");
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }
}
