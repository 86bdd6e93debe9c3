using FluentValidation;

namespace TransferPipeline.HighSide.Features.Import;

internal sealed class ImportOptionsValidator : AbstractValidator<ImportOptions>
{
    public ImportOptionsValidator()
    {
        RuleFor(o => o.PollInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        RuleFor(o => o.MaxClockSkew).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(30));
        RuleFor(o => o.KeepRefusedDays).InclusiveBetween(0, 3650);
        RuleFor(o => o.MaxQuarantineBytes).GreaterThan(0).When(o => o.MaxQuarantineBytes is not null);
        RuleFor(o => o.ReadAttempts).InclusiveBetween(1, 20);
        RuleFor(o => o.ReadRetryDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }
}
