using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Builds <see cref="RegistryClient"/>s for tests: plain HTTP to the given loopback registries, millisecond retry delays.</summary>
public static class TestRegistryClients
{
    public static RegistryClient Create(
        HttpClient http,
        IEnumerable<string> plainHttpRegistries,
        RegistryCredentials? credentials = null,
        int maxAttempts = 3,
        int chunkSize = RegistryClientOptions.DefaultChunkSize)
    {
        var options = new RegistryClientOptions
        {
            MaxAttempts = maxAttempts,
            ChunkSize = chunkSize,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            StallTimeout = TimeSpan.FromSeconds(10),
        };
        foreach (var registry in plainHttpRegistries)
        {
            options.PlainHttpRegistries.Add(registry);
        }

        return new RegistryClient(http, credentials ?? RegistryCredentials.Anonymous, options);
    }

    /// <summary>An HttpClient with a bounded timeout, so a hung test server fails the test instead of the run.</summary>
    public static HttpClient NewHttpClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
}
