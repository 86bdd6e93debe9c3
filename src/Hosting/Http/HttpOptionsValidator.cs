using FluentValidation;

namespace TransferPipeline.Hosting.Http;

internal sealed class HttpOptionsValidator : AbstractValidator<HttpOptions>
{
    public HttpOptionsValidator()
    {
        RuleFor(o => o.Urls).NotEmpty()
            .Must(urls => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("must be one or more http(s) URLs separated by ';'");
    }
}
