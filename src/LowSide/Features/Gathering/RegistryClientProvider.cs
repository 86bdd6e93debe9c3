using Microsoft.Extensions.Options;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>One <see cref="RegistryClient"/> per process, configured from Sources:Registries and Gathering.</summary>
internal sealed class RegistryClientProvider : IDisposable
{
    private readonly HttpClient _http;

    public RegistryClientProvider(
        IOptions<SourcesOptions> sources, IOptions<GatheringOptions> gathering, TimeProvider timeProvider, ILogger<RegistryClient> logger)
    {
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new RegistryClientOptions
        {
            MaxAttempts = gathering.Value.MaxAttempts,
            RetryBaseDelay = gathering.Value.RetryBaseDelay,
            StallTimeout = gathering.Value.StallTimeout,
            UserAgent = "TransferPipeline-LowSide",
        };
        var credentials = RegistryCredentials.Anonymous;
        foreach (var registry in sources.Value.Registries)
        {
            if (registry.PlainHttp)
            {
                options.PlainHttpRegistries.Add(registry.Host);
            }

            if (!string.IsNullOrEmpty(registry.Username))
            {
                credentials = credentials.WithBasic(registry.Host, registry.Username, registry.Password ?? "");
            }
        }

        Client = new RegistryClient(_http, credentials, options, timeProvider, logger);
    }

    public RegistryClient Client { get; }

    public void Dispose() => _http.Dispose();
}
