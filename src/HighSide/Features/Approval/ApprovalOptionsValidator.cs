using FluentValidation;

namespace TransferPipeline.HighSide.Features.Approval;

internal sealed class ApprovalOptionsValidator : AbstractValidator<ApprovalOptions>
{
    public ApprovalOptionsValidator()
    {
        RuleFor(o => o.Required).GreaterThanOrEqualTo(2).WithMessage("Approval:Required must be at least 2: the two-person rule is not optional");
        RuleFor(o => o.Validity).GreaterThan(TimeSpan.Zero);
    }
}
