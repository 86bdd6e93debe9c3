using FluentValidation;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Hosting.Site;

internal sealed class SiteOptionsValidator : AbstractValidator<SiteOptions>
{
    public SiteOptionsValidator()
    {
        RuleFor(o => o.Id).Must(BatchIdentifiers.IsSiteId)
            .WithMessage("'{PropertyValue}' is not a site id (1-32 of a-z 0-9 -, not starting or ending with -)");
        RuleFor(o => o.KeyFile).NotEmpty();
    }
}
