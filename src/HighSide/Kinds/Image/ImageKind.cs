using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.HighSide.Kinds.Image;

/// <summary>Images go to the internal OCI registry (Mirrors:Registry) through the Distribution API.</summary>
internal sealed class ImageKind : PublishingKind<ImagePublisher>
{
    public override string Name => ArtifactKinds.Image;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RegistryMirrorOptions, RegistryMirrorOptionsValidator>(configuration, RegistryMirrorOptions.Section);
        services.AddSingleton(CreateRegistryClient);
        services.AddSingleton<QuarantinedManifests>();
        services.AddSingleton<ImageSubjects>();
        services.AddSingleton<IImportedArtifactCheck>(s => s.GetRequiredService<ImageSubjects>());
    }

    private static RegistryClient CreateRegistryClient(IServiceProvider services)
    {
        var mirror = services.GetRequiredService<IOptions<RegistryMirrorOptions>>().Value;
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
        return new RegistryClient(http, credentials, options, services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<RegistryClient>>());
    }
}
