using FluentValidation;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.HighSide.Features.Scanning;

internal sealed class CosignPolicyOptionsValidator : AbstractValidator<CosignPolicyOptions>
{
    public CosignPolicyOptionsValidator()
    {
        RuleForEach(o => o.Registries).ChildRules(registry =>
        {
            registry.RuleFor(r => r.Host).NotEmpty().WithMessage("Policy:Cosign:Registries: each entry needs a Host.");
            registry.RuleFor(r => r.PublicKeys).NotEmpty().WithMessage("Policy:Cosign:Registries: each entry needs PublicKeys.");
            registry.RuleForEach(r => r.PublicKeys).Must((entry, key, context) =>
            {
                if (CosignKeySource.TryLoad(key, out _, out var error))
                {
                    return true;
                }

                context.MessageFormatter.AppendArgument("Error", error);
                return false;
            }).WithMessage("Policy:Cosign:Registries: a public key does not load: {Error}");
        });
    }
}
