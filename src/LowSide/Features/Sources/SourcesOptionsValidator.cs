using FluentValidation;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.LowSide.Features.Sources;

internal sealed class SourcesOptionsValidator : AbstractValidator<SourcesOptions>
{
    public SourcesOptionsValidator()
    {
        RuleForEach(o => o.Allowed)
            .Must(SourcePolicy.IsValidAllowedEntry)
            .WithMessage("'{PropertyValue}' is neither a registry host[:port] nor an http(s) URL prefix ending in '/'");
        RuleForEach(o => o.Registries).ChildRules(registry =>
        {
            registry.RuleFor(r => r.Host).NotEmpty();
            registry.RuleFor(r => r.Password).NotEmpty().When(r => !string.IsNullOrEmpty(r.Username))
                .WithMessage("a registry with a Username needs a Password");
            registry.RuleForEach(r => r.Cosign.PublicKeys).Custom((entry, context) =>
            {
                if (!CosignKeySource.TryLoad(entry, out _, out var error))
                {
                    context.AddFailure(error);
                }
            });
        });
    }
}
