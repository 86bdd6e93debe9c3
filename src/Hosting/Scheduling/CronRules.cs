using FluentValidation;
using Quartz;

namespace TransferPipeline.Hosting.Scheduling;

/// <summary>The options validators' rule for a schedule: a Quartz cron expression (seconds first), or empty for none.</summary>
public static class CronRules
{
    public static IRuleBuilderOptions<T, string?> QuartzCron<T>(this IRuleBuilder<T, string?> rule, bool emptyMeansOff) =>
        rule.Must(s => (emptyMeansOff && string.IsNullOrWhiteSpace(s)) || IsCron(s))
            .WithMessage("'{PropertyValue}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week)");

    private static bool IsCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

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
