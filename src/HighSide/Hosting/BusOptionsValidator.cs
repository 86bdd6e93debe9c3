using FluentValidation;

namespace TransferPipeline.HighSide.Hosting;

internal sealed class BusOptionsValidator : AbstractValidator<BusOptions>
{
    public BusOptionsValidator()
    {
        RuleFor(o => o.Transport).Must(t => t is BusOptions.InMemory or BusOptions.RabbitMq).WithMessage("Bus:Transport must be in-memory or rabbitmq");
        When(o => o.Transport == BusOptions.RabbitMq, () =>
            RuleFor(o => o.Host).Must(h => Uri.TryCreate(h, UriKind.Absolute, out var uri) && uri.Scheme is "rabbitmq" or "rabbitmqs")
                .WithMessage("Bus:Host must be a rabbitmq:// or rabbitmqs:// URI"));
    }
}
