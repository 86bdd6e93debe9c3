using FluentValidation;

namespace TransferPipeline.LowSide.Hosting;

internal sealed class BusOptionsValidator : AbstractValidator<BusOptions>
{
    public BusOptionsValidator()
    {
        RuleFor(o => o.Transport).Must(t => t is "InMemory" or "RabbitMq").WithMessage("must be InMemory or RabbitMq");
        RuleFor(o => o.RabbitMqHost).NotEmpty().When(o => o.UsesRabbitMq);
    }
}
