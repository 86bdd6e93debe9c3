using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.ScannerData;

internal sealed class ScannerDataOptionsValidator : AbstractValidator<ScannerDataOptions>
{
    public ScannerDataOptionsValidator()
    {
        RuleFor(o => o.MaxEntries).GreaterThan(0).WithMessage("ScannerData:MaxEntries must be at least 1.");
        RuleFor(o => o.MaxUnpackedMiB).InclusiveBetween(1, 1024 * 1024).WithMessage("ScannerData:MaxUnpackedMiB must be between 1 and 1048576.");
    }
}
