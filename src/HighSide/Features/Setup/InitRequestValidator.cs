using FluentValidation;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Features.Setup;

internal sealed class InitRequestValidator : AbstractValidator<InitRequest>
{
    public InitRequestValidator()
    {
        RuleFor(r => r.DataDirectory).NotEmpty();
        RuleFor(r => r.SiteId).Must(BatchIdentifiers.IsSiteId).WithMessage("--site must be a site id (lowercase letters, digits, '-')");
        RuleFor(r => r.RegistryUrl).Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("--registry must be an http(s) URL");
    }
}
