using FluentValidation;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>Metrics:TokenFile, when set, is a readable file holding a token long enough not to be guessed.</summary>
internal sealed class MetricsOptionsValidator : AbstractValidator<MetricsOptions>
{
    public MetricsOptionsValidator()
    {
        RuleFor(o => o.Urls)
            .Must(urls => Split(urls!).All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri)
                && (uri.Scheme == "https" || (uri.Scheme == "http" && (uri.IsLoopback || uri.Host == "localhost")))))
            .When(o => !string.IsNullOrWhiteSpace(o.Urls))
            .WithName("Metrics:Urls")
            .WithMessage(o => $"'{o.Urls}' must be http(s) URLs separated by ';', plain http:// only on loopback (127.0.0.1); "
                + "https:// is served with Http:Certificate");
        RuleFor(o => o.TokenFile)
            .Must(HoldsToken)
            .When(o => !string.IsNullOrWhiteSpace(o.TokenFile))
            .WithName("Metrics:TokenFile")
            .WithMessage(o => $"'{o.TokenFile}' must be a readable file holding a token of at least {MetricsOptions.MinimumTokenLength} characters "
                + "(e.g. `openssl rand -hex 32`)");
    }

    private static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool HoldsToken(MetricsOptions options, string? _)
    {
        try
        {
            return options.ReadToken() is { Length: >= MetricsOptions.MinimumTokenLength };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
