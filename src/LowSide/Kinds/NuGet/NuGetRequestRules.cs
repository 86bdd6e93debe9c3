using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// A nuget request names a service index and either exact versions (its name: pins separated by single spaces) or a lock file
/// (its document, its name the lock file's label).
/// </summary>
internal sealed class NuGetRequestRules : AbstractValidator<NewRequest>
{
    public NuGetRequestRules()
    {
        RuleFor(r => r.Source).Must(NuGetNames.IsServiceIndex).When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage($"source must be {NuGetNames.ServiceIndexDescription}");
        RuleFor(r => r.Name).Must(n => NuGetNames.SplitRequested(n) is not null).When(r => r.Document is null)
            .WithMessage($"name must be 1 to {NuGetNames.MaxRequestedPackages} distinct Id@Version pins (normalised versions) separated "
                + "by single spaces, or a lock file must be given");
        RuleFor(r => r.Name).Must(NuGetNames.IsLockLabel).When(r => r.Document is not null)
            .WithMessage($"with a lock file, name must be '{NuGetNames.LockFileName}' or 'PROJECT/{NuGetNames.LockFileName}' (no pins)");
        RuleFor(r => r.Version).Null().WithMessage("versions are part of the name (Id@Version)");
        RuleFor(r => r.Sha256).Null().WithMessage("hashes are taken from the feed and the lock file");
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }
}
