using FluentValidation;

namespace TransferPipeline.LowSide.Hosting;

internal sealed class BusOptionsValidator : AbstractValidator<BusOptions>
{
    public BusOptionsValidator()
    {
        RuleFor(o => o.Transport).Must(t => string.Equals(t, "InMemory", StringComparison.OrdinalIgnoreCase) || string.Equals(t, "RabbitMq", StringComparison.OrdinalIgnoreCase)).WithMessage("must be InMemory or RabbitMq");
        RuleFor(o => o.RabbitMqHost).NotEmpty().When(o => o.UsesRabbitMq);
    }
}
