using FluentValidation;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

internal sealed class DecisionRequestValidator : AbstractValidator<DecisionRequest>
{
    public const int MaxSignatureLength = 16 * 1024;

    public DecisionRequestValidator()
    {
        RuleFor(r => r.BatchId).NotEmpty().WithErrorCode(ApprovalReasons.BatchNotFound).MaximumLength(200).WithErrorCode(ApprovalReasons.BatchNotFound);
        RuleFor(r => r.Decision).Must(Decisions.IsKnown).WithMessage("the decision is approve or reject").WithErrorCode(ApprovalReasons.DecisionUnknown);
        RuleFor(r => r.Statement).NotEmpty().WithMessage("give the statement that was signed").WithErrorCode(ApprovalReasons.StatementMissing)
            .MaximumLength(ApprovalStatement.MaxBytes).WithMessage("the statement is longer than a statement can be (1 MiB)")
            .WithErrorCode(ApprovalReasons.StatementTooLarge);
        RuleFor(r => r.Signature).NotEmpty().WithMessage("give the minisign signature of the statement").WithErrorCode(ApprovalReasons.SignatureMalformed)
            .MaximumLength(MaxSignatureLength).WithErrorCode(ApprovalReasons.SignatureMalformed);
    }

    /// <summary>A rejection's reason: one line of text.</summary>
    public static bool IsValidReason(string? reason) =>
        reason is { Length: > 0 and <= ApprovalStatement.MaxReasonLength } && !reason.Any(char.IsControl) && reason.Trim().Length > 0;
}
