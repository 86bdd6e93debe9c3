using FluentValidation;

namespace TransferPipeline.HighSide.Features.Scanning;

internal sealed class ScanPolicyOptionsValidator : AbstractValidator<ScanPolicyOptions>
{
    public ScanPolicyOptionsValidator()
    {
        RuleFor(o => o.BlockAt).IsInEnum();
        RuleFor(o => o.MaxDataAge).GreaterThan(TimeSpan.Zero).WithMessage("Policy:Scan:MaxDataAge must be positive, e.g. 7.00:00:00.");
    }
}
