using FluentValidation;

namespace TransferPipeline.HighSide.Features.Import;

internal sealed class ImportOptionsValidator : AbstractValidator<ImportOptions>
{
    public ImportOptionsValidator()
    {
        RuleFor(o => o.PollInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        RuleFor(o => o.MaxClockSkew).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(30));
    }
}
