using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// A pypi request names a simple index and either exact releases (its name: pins separated by single spaces) or a
/// requirements file (its document, its name the file's label).
/// </summary>
internal sealed class PyPIRequestRules : AbstractValidator<NewRequest>
{
    public PyPIRequestRules()
    {
        RuleFor(r => r.Source).Must(PyPINames.IsIndex).When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage($"source must be {PyPINames.IndexDescription}");
        RuleFor(r => r.Name).Must(n => PyPINames.SplitRequested(n) is not null).When(r => r.Document is null)
            .WithMessage($"name must be 1 to {PyPINames.MaxRequestedPackages} distinct name==version pins (PEP 503 normalised names, "
                + "PEP 440 versions) separated by single spaces, or a requirements file must be given");
        RuleFor(r => r.Name).Must(PyPINames.IsRequirementsLabel).When(r => r.Document is not null)
            .WithMessage($"with a requirements file, name must be '{PyPINames.RequirementsFileName}' or "
                + $"'PROJECT/{PyPINames.RequirementsFileName}' (no pins)");
        RuleFor(r => r.Version).Null().WithMessage("versions are part of the name (name==version)");
        RuleFor(r => r.Sha256).Null().WithMessage("hashes are taken from the index or the requirements file");
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }
}
