using FluentValidation;
using Quartz;

namespace TransferPipeline.Hosting.Backup;

internal sealed class BackupOptionsValidator : AbstractValidator<BackupOptions>
{
    public BackupOptionsValidator()
    {
        RuleFor(o => o.Schedule).Must(s => string.IsNullOrWhiteSpace(s) || IsCron(s))
            .WithMessage("Backup:Schedule must be a Quartz cron expression (or empty: no scheduled backups)");
        RuleFor(o => o.Directory).NotEmpty();
        RuleFor(o => o.Keep).InclusiveBetween(1, 10_000);
    }

    private static bool IsCron(string expression)
    {
        try
        {
            _ = CronExpression.Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
