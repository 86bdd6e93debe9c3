using FluentValidation;

namespace TransferPipeline.HighSide.Features.Publishing;

internal sealed class PublishOptionsValidator : AbstractValidator<PublishOptions>
{
    public PublishOptionsValidator()
    {
        RuleFor(o => o.Schedule).Must(IsCron).WithMessage("Publish:Schedule must be a Quartz cron expression");
        RuleFor(o => o.RegistryChunkSize).InclusiveBetween(1024 * 1024, 1024 * 1024 * 1024);
    }

    private static bool IsCron(string expression)
    {
        try
        {
            _ = Quartz.CronExpression.Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
