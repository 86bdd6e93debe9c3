using FluentValidation;

namespace TransferPipeline.HighSide.Features.Accounts;

internal sealed class AuthOptionsValidator : AbstractValidator<AuthOptions>
{
    public AuthOptionsValidator()
    {
        RuleFor(o => o.IdleTimeout).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromHours(12));
        RuleFor(o => o.SessionLifetime).InclusiveBetween(TimeSpan.FromMinutes(5), TimeSpan.FromDays(1))
            .GreaterThanOrEqualTo(o => o.IdleTimeout).WithMessage("Auth:SessionLifetime must be at least Auth:IdleTimeout");
        RuleFor(o => o.MaxFailedSignIns).InclusiveBetween(1, 100);
        RuleFor(o => o.FailureWindow).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        RuleFor(o => o.WebAuthn.Origins).NotEmpty().When(o => o.WebAuthn.IsEnabled)
            .WithMessage("Auth:WebAuthn:Origins must name the origins the pages are served from when Auth:WebAuthn:ServerDomain is set");
        RuleForEach(o => o.WebAuthn.Origins).Must(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithMessage("Auth:WebAuthn:Origins: '{PropertyValue}' is not an http(s) origin");
    }
}
