using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.HighSide.Features.Publishing;

internal static class PublishingRegistration
{
    public static IServiceCollection AddPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MirrorOptions, MirrorOptionsValidator>(configuration, MirrorOptions.Section);
        services.AddValidatedOptions<PublishOptions, PublishOptionsValidator>(configuration, PublishOptions.Section);
        services.AddSingleton(sp => CreateRegistryClient(sp));
        services.AddSingleton<ImagePublisher>();
        services.AddSingleton<FilePublisher>();
        services.AddSingleton<ChartRepository>();
        services.AddSingleton<ChartPublisher>();
        services.AddSingleton<PublishService>();
        return services;
    }

    private static RegistryClient CreateRegistryClient(IServiceProvider services)
    {
        var mirror = services.GetRequiredService<IOptions<MirrorOptions>>().Value.Registry;
        var publish = services.GetRequiredService<IOptions<PublishOptions>>().Value;
        var options = new RegistryClientOptions { ChunkSize = publish.RegistryChunkSize, RetryBaseDelay = TimeSpan.FromMilliseconds(500) };
        var credentials = RegistryCredentials.Anonymous;
        if (mirror.Host is { } host)
        {
            if (mirror.PlainHttp)
            {
                options.PlainHttpRegistries.Add(host);
            }

            if (mirror.Username is not null && mirror.Password is not null)
            {
                credentials = credentials.WithBasic(host, mirror.Username, mirror.Password);
            }
        }

        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }) { Timeout = TimeSpan.FromMinutes(10) };
        return new RegistryClient(http, credentials, options, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<RegistryClient>>());
    }
}
