using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.Npm;

internal sealed class NpmMirrorOptionsValidator : AbstractValidator<NpmMirrorOptions>
{
    public NpmMirrorOptionsValidator()
    {
        RuleFor(o => o.Npm).Must(d => d is null || d.Trim().Length > 0).WithMessage("must name a directory when set");
        RuleFor(o => o.NpmUrl).NotEmpty().When(o => o.Npm is not null).WithMessage("must be set with Mirrors:Npm: packuments name tarballs by it");
        RuleFor(o => o.NpmUrl).Must(IsHttpUrl).When(o => o.NpmUrl is not null)
            .WithMessage("must be an absolute http(s) URL without credentials, query or fragment");
    }

    /// <summary>An absolute http(s) URL without credentials, query or fragment: what a mirror is reached at.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
        && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
