using TransferPipeline.Hosting.Scheduling;
using FluentValidation;

namespace TransferPipeline.HighSide.Features.Publishing;

internal sealed class PublishOptionsValidator : AbstractValidator<PublishOptions>
{
    public PublishOptionsValidator()
    {
        RuleFor(o => o.Schedule).QuartzCron(emptyMeansOff: false);
        RuleFor(o => o.RegistryChunkSize).InclusiveBetween(1024 * 1024, 1024 * 1024 * 1024);
    }

}
