using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.Image;

internal sealed class RegistryMirrorOptionsValidator : AbstractValidator<RegistryMirrorOptions>
{
    public RegistryMirrorOptionsValidator()
    {
        RuleFor(o => o.Url)
            .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"))
            .WithMessage("must be an http(s) URL without a path, e.g. https://registry.internal:5000");
        RuleFor(o => o).Must(r => r.PlainHttp || r.Url is null || r.Url.StartsWith("https://", StringComparison.Ordinal))
            .WithName("PlainHttp").WithMessage("an http:// registry URL needs Mirrors:Registry:PlainHttp = true");
        RuleFor(o => o).Must(r => (r.Username is null) == (r.Password is null))
            .WithName("Username").WithMessage("give both Mirrors:Registry:Username and Password, or neither");
    }
}
