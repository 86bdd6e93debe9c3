using FluentValidation;

namespace TransferPipeline.Shared.Oci;

internal sealed class RegistryClientOptionsValidator : AbstractValidator<RegistryClientOptions>
{
    public RegistryClientOptionsValidator()
    {
        RuleFor(o => o.ChunkSize).InclusiveBetween(64 * 1024, 1024 * 1024 * 1024)
            .WithMessage("ChunkSize must be between 64 KiB and 1 GiB.");
        RuleFor(o => o.MaxAttempts).InclusiveBetween(1, 20);
        RuleFor(o => o.RetryBaseDelay).GreaterThanOrEqualTo(TimeSpan.Zero);
        RuleFor(o => o.RetryMaxDelay).GreaterThanOrEqualTo(o => o.RetryBaseDelay)
            .WithMessage("RetryMaxDelay must not be shorter than RetryBaseDelay.");
        RuleFor(o => o.StallTimeout).GreaterThan(TimeSpan.Zero);
        RuleFor(o => o.UserAgent).NotEmpty();
        RuleForEach(o => o.PlainHttpRegistries)
            .Must(r => OciGrammar.IsValidRegistry(r) && OciGrammar.IsLoopback(r))
            .WithMessage("Plain HTTP is allowed only for loopback registries (localhost, 127.x.x.x, [::1]); '{PropertyValue}' is not one.");
    }
}
