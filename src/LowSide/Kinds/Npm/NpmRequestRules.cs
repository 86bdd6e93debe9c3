using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>
/// An npm request names a registry and either exact versions (its name: pins separated by single spaces) or a lock file (its
/// document, its name the lock file's label).
/// </summary>
internal sealed class NpmRequestRules : AbstractValidator<NewRequest>
{
    public NpmRequestRules()
    {
        RuleFor(r => r.Source).Must(NpmNames.IsRegistry).When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage($"source must be {NpmNames.RegistryDescription}");
        RuleFor(r => r.Name).Must(n => NpmNames.SplitRequested(n) is not null).When(r => r.Document is null)
            .WithMessage($"name must be 1 to {NpmNames.MaxRequestedPackages} distinct name@version pins separated by single spaces "
                + "(exact versions), or a lock file must be given");
        RuleFor(r => r.Name).Must(NpmNames.IsLockLabel).When(r => r.Document is not null)
            .WithMessage($"with a lock file, name must be '{NpmNames.LockFileName}' or 'PROJECT/{NpmNames.LockFileName}' (no pins)");
        RuleFor(r => r.Version).Null().WithMessage("versions are part of the name (name@version)");
        RuleFor(r => r.Sha256).Null().WithMessage("integrity is taken from the registry or the lock file");
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }
}
