using FluentValidation;

namespace TransferPipeline.HighSide.Hosting;

internal sealed class HttpOptionsValidator : AbstractValidator<HttpOptions>
{
    public HttpOptionsValidator() => RuleFor(o => o.Urls).NotEmpty();
}
