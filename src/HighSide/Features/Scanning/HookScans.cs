using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Runs each configured Scanning:Commands tool on each artifact it applies to: a file or chart archive as its blob in
/// quarantine, an image as an OCI image layout made of links to its blobs. A tool that fails fails the whole scan.
/// </summary>
internal sealed class HookScans(BlobLocator blobs)
{
    public async Task<IReadOnlyList<ScanFinding>> RunAsync(string batchId, ScannedArtifact artifact, ScannerCommandOptions hook,
        CancellationToken cancellationToken)
    {
        var layout = artifact.Kind == ArtifactKinds.Image ? Directory.CreateTempSubdirectory("tp-hook-layout-") : null;
        try
        {
            var path = layout is null
                ? await FindAsync(batchId, artifact.Digest, artifact.Name, cancellationToken)
                : await WriteLayoutAsync(batchId, artifact, layout.FullName, cancellationToken);
            var result = await ScannerCommandRunner.RunAsync(hook, path, artifact.Name, artifact.Kind, cancellationToken);
            return result.Succeeded ? result.Findings : throw new ScannerFailedException($"{artifact.Name}: {result.Message}");
        }
        finally
        {
            layout?.Delete(recursive: true);
        }
    }

    // An OCI image layout (oci-layout, index.json naming the root, blobs/sha256/HEX) whose blobs are links into quarantine.
    private async Task<string> WriteLayoutAsync(string batchId, ScannedArtifact image, string directory, CancellationToken cancellationToken)
    {
        var store = Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256")).FullName;
        foreach (var digest in image.Blobs.Distinct(StringComparer.Ordinal))
        {
            File.CreateSymbolicLink(Path.Combine(store, digest["sha256:".Length..]), await FindAsync(batchId, digest, image.Name, cancellationToken));
        }

        var root = await FindAsync(batchId, image.Digest, image.Name, cancellationToken);
        var mediaType = image.MediaType ?? "application/vnd.oci.image.manifest.v1+json";
        var reference = image.Name + (image.Version is null ? "" : ":" + image.Version);
        await File.WriteAllTextAsync(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "index.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            manifests = new[]
            {
                new
                {
                    mediaType,
                    digest = image.Digest,
                    size = new FileInfo(root).Length,
                    annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = reference },
                },
            },
        }), cancellationToken);
        return directory;
    }

    private async Task<string> FindAsync(string batchId, string digest, string name, CancellationToken cancellationToken) =>
        await blobs.FindAsync(batchId, digest, cancellationToken) ?? throw new ScannerFailedException($"blob {digest} of {name} is not in quarantine");
}
