using FluentValidation;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

internal sealed class DecisionRequestValidator : AbstractValidator<DecisionRequest>
{
    public const int MaxReasonLength = 1000;

    public DecisionRequestValidator()
    {
        RuleFor(r => r.BatchId).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Decision).Must(d => d is Decisions.Approve or Decisions.Reject);
        RuleFor(r => r.Signature).NotEmpty().MaximumLength(16 * 1024);
        When(r => r.Decision == Decisions.Reject, () =>
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(MaxReasonLength)
                .Must(r => r is null || !r.Any(char.IsControl)).WithMessage("the reason must be one line of text"));
        When(r => r.Decision == Decisions.Approve, () => RuleFor(r => r.Reason).Null());
    }
}
