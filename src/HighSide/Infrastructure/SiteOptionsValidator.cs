using FluentValidation;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Infrastructure;

internal sealed class SiteOptionsValidator : AbstractValidator<SiteOptions>
{
    public SiteOptionsValidator()
    {
        RuleFor(o => o.Id).Must(BatchIdentifiers.IsSiteId).WithMessage("Site:Id must be a site id (lowercase letters, digits, '-')");
        RuleFor(o => o.KeyFile).NotEmpty();
    }
}
