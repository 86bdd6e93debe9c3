using FluentValidation;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

internal sealed class DecisionRequestValidator : AbstractValidator<DecisionRequest>
{
    public const int MaxReasonLength = 1000;
    public const int MaxSignatureLength = 16 * 1024;

    public DecisionRequestValidator()
    {
        RuleFor(r => r.BatchId).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Decision).Must(Decisions.IsKnown).WithMessage("the decision is approve or reject");
        RuleFor(r => r.Statement).NotEmpty().MaximumLength(ApprovalStatement.MaxBytes).WithMessage("give the statement that was signed");
        RuleFor(r => r.Signature).NotEmpty().MaximumLength(MaxSignatureLength);
    }

    /// <summary>A rejection's reason: one line of text.</summary>
    public static bool IsValidReason(string? reason) =>
        reason is { Length: > 0 and <= MaxReasonLength } && !reason.Any(char.IsControl) && reason.Trim().Length > 0;
}
