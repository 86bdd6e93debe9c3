using FluentValidation;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Hosting.Scanning;

public sealed class ScanningOptionsValidator : AbstractValidator<ScanningOptions>
{
    public ScanningOptionsValidator()
    {
        RuleFor(o => o.ClamAv.Database).Must(Path.IsPathFullyQualified!).When(o => o.ClamAv.Database is not null)
            .WithMessage("Scanning:ClamAv:Database must be an absolute path to a directory of ClamAV signature files.");
        RuleFor(o => o.Osv.Database).Must(Path.IsPathFullyQualified!).When(o => o.Osv.Database is not null)
            .WithMessage("Scanning:Osv:Database must be an absolute path to a directory of OSV records.");
        RuleForEach(o => o.Commands).SetValidator(new ScannerCommandOptionsValidator());
        RuleFor(o => o.Commands).Must(c => c.Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == c.Count)
            .WithMessage("Scanning:Commands: each scanner needs a name of its own.");
        RuleFor(o => o.ClamAv.Executable).Must(Path.IsPathFullyQualified)
            .WithMessage("Scanning:ClamAv:Executable must be an absolute path (default /usr/bin/clamscan).");
        RuleFor(o => o.ClamAv.TimeoutSeconds).InclusiveBetween(1, 7 * 24 * 3600)
            .WithMessage("Scanning:ClamAv:TimeoutSeconds must be between 1 and 604800.");
        RuleFor(o => o.ClamAv.MaxFileSizeMiB).InclusiveBetween(1, 2047)
            .WithMessage("Scanning:ClamAv:MaxFileSizeMiB must be between 1 and 2047 (ClamAV scans at most 2 GiB - 1 of a file).");
    }
}
