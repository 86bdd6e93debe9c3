using FluentValidation;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Features.Import;

internal sealed class PolicyOptionsValidator : AbstractValidator<PolicyOptions>
{
    public PolicyOptionsValidator()
    {
        RuleForEach(o => o.AllowedKinds).Must(ArtifactKinds.IsKnown).WithMessage($"'{{PropertyValue}}' is not an artifact kind ({ArtifactKinds.Names})");
        RuleForEach(o => o.AllowedSources).NotEmpty();
        RuleFor(o => o.MaxBatchBytes).GreaterThan(0);
    }
}
