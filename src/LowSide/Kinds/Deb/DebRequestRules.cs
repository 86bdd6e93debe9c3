using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Debian;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// A deb request names a repository, suite and component (<see cref="DebianSource"/>, written as its canonical form), up
/// to <see cref="DebianNames.MaxRequestedPackages"/> distinct package names and exactly one architecture; versions and
/// hashes come from the signed repository.
/// </summary>
internal sealed class DebRequestRules : AbstractValidator<NewRequest>
{
    public DebRequestRules()
    {
        RuleFor(r => r.Source).Must(s => DebianSource.TryParse(s, out var source) && source.ToString() == s)
            .When(r => !string.IsNullOrEmpty(r.Source))
            .WithMessage($"source must be {DebianSource.Description}, the URL without a trailing slash");
        RuleFor(r => r.Name).Must(n => DebianNames.SplitRequested(n) is not null)
            .WithMessage($"name must be 1 to {DebianNames.MaxRequestedPackages} distinct Debian package names (a-z 0-9 + - ., "
                + "at least two characters) separated by single spaces");
        RuleFor(r => r.Platforms).Must(p => p is [var architecture] && DebianNames.IsArchitecture(architecture))
            .WithMessage("platforms must be exactly one Debian architecture (amd64, arm64, ...)");
        RuleFor(r => r.Version).Null().WithMessage("version is chosen by dependency resolution; constrain it in the repository instead");
        RuleFor(r => r.Sha256).Null().WithMessage("sha256 is taken from the repository's signed index");
    }
}
