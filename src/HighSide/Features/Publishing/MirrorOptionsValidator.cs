using FluentValidation;

namespace TransferPipeline.HighSide.Features.Publishing;

internal sealed class MirrorOptionsValidator : AbstractValidator<MirrorOptions>
{
    public MirrorOptionsValidator()
    {
        RuleFor(o => o.Registry.Url)
            .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"))
            .WithMessage("Mirrors:Registry:Url must be an http(s) URL without a path, e.g. https://registry.internal:5000");
        RuleFor(o => o.Registry.Url).Must(u => u is null || u.StartsWith("https://", StringComparison.Ordinal) || u.StartsWith("http://", StringComparison.Ordinal));
        RuleFor(o => o.Registry).Must(r => r.PlainHttp || r.Url is null || r.Url.StartsWith("https://", StringComparison.Ordinal))
            .WithMessage("an http:// registry URL needs Mirrors:Registry:PlainHttp = true");
        RuleFor(o => o.Registry).Must(r => (r.Username is null) == (r.Password is null)).WithMessage("give both Mirrors:Registry:Username and Password, or neither");
    }
}
