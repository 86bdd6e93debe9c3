using TransferPipeline.Hosting.Scheduling;
using FluentValidation;

namespace TransferPipeline.Hosting.Backup;

internal sealed class BackupOptionsValidator : AbstractValidator<BackupOptions>
{
    public BackupOptionsValidator()
    {
        RuleFor(o => o.Schedule).QuartzCron(emptyMeansOff: true);
        RuleFor(o => o.Directory).NotEmpty();
        RuleFor(o => o.Keep).InclusiveBetween(1, 10_000);
    }

}
