using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds.File;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.LowSide.Kinds.ScannerData;

/// <summary>
/// A scanner-data request names what data it is (clamav, osv) and an http(s) URL of one file whose name says how it is
/// packed (the same rule the batch manifest is held to), and optionally the SHA-256 the download must have.
/// </summary>
internal sealed class ScannerDataRequestRules : AbstractValidator<NewRequest>
{
    public ScannerDataRequestRules()
    {
        RuleFor(r => r.Source).Must(RequestRules.IsHttpUrl).When(r => !string.IsNullOrEmpty(r.Source)).WithMessage(RequestRules.HttpUrlMessage);
        RuleFor(r => r.Name).NotEmpty().Must(ScannerDataFiles.IsName).WithMessage("name must be clamav or osv");
        RuleFor(r => r).Must(r => ScannerDataFiles.PackingOf(r.Name, r.Source) is not null)
            .When(r => ScannerDataFiles.IsName(r.Name) && RequestRules.IsHttpUrl(r.Source))
            .WithName("source").WithMessage($"the URL must end in a data file name: {ScannerDataFiles.Description}");
        RuleFor(r => r.Sha256).Must(FileRequestRules.IsSha256).WithMessage(FileRequestRules.Sha256Message);
        RuleFor(r => r.Version).Null().WithMessage("version is only for images and charts");
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }
}
