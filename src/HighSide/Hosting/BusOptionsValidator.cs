using FluentValidation;

namespace TransferPipeline.HighSide.Hosting;

internal sealed class BusOptionsValidator : AbstractValidator<BusOptions>
{
    public BusOptionsValidator()
    {
        RuleFor(o => o).Must(o => o.IsInMemory || o.IsRabbitMq).WithName("Transport").WithMessage("Bus:Transport must be InMemory or RabbitMq");
        When(o => o.IsRabbitMq, () =>
            RuleFor(o => o.Host).Must(h => Uri.TryCreate(h, UriKind.Absolute, out var uri) && uri.Scheme is "rabbitmq" or "rabbitmqs")
                .WithMessage("Bus:Host must be a rabbitmq:// or rabbitmqs:// URI"));
    }
}
