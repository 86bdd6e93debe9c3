using FluentValidation;
using TransferPipeline.HighSide.Kinds.Npm;

namespace TransferPipeline.HighSide.Kinds.NuGet;

internal sealed class NuGetMirrorOptionsValidator : AbstractValidator<NuGetMirrorOptions>
{
    public NuGetMirrorOptionsValidator()
    {
        RuleFor(o => o.NuGet).Must(d => d is null || d.Trim().Length > 0).WithMessage("must name a directory when set");
        RuleFor(o => o.NuGetUrl).NotEmpty().When(o => o.NuGet is not null)
            .WithMessage("must be set with Mirrors:NuGet: the service index names the flat container by it");
        RuleFor(o => o.NuGetUrl).Must(NpmMirrorOptionsValidator.IsHttpUrl).When(o => o.NuGetUrl is not null)
            .WithMessage("must be an absolute http(s) URL without credentials, query or fragment");
    }
}
