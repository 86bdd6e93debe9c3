using FluentValidation;

namespace TransferPipeline.Hosting.Messaging;

internal sealed class BusOptionsValidator : AbstractValidator<BusOptions>
{
    public BusOptionsValidator()
    {
        RuleFor(o => o.Transport).Must((o, _) => o.IsInMemory || o.IsRabbitMq).WithMessage("must be InMemory or RabbitMq");
        When(o => o.IsRabbitMq, () =>
        {
            RuleFor(o => o.Uri).Must(u => System.Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps")
                .When(o => !string.IsNullOrWhiteSpace(o.Uri))
                .WithMessage("must be an amqp:// or amqps:// URI");
            RuleFor(o => o.Host).NotEmpty().When(o => string.IsNullOrWhiteSpace(o.Uri));
            RuleFor(o => o.Port).InclusiveBetween(1, 65535).When(o => o.Port is not null);
        });
    }
}
