using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>Downloads a registry blob into the content store, verified against its digest before it becomes visible.</summary>
internal sealed class RegistryBlobFetcher(ContentStore store)
{
    public async Task FetchAsync(RegistryClient client, ImageReference reference, OciDescriptor blob, TransferProgress progress, CancellationToken ct)
    {
        if (store.Contains(blob.Digest.Value))
        {
            return;
        }

        // A seekable temporary file lets the client rewind and retry an interrupted download. The client
        // hashes what it writes and throws unless the content matches the digest, so the store adopts the
        // file as it is (one write, one hash) and nothing unverified ever becomes visible.
        var temporary = store.NewIncomingPath(".download");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await client.DownloadBlobAsync(reference.Registry, reference.Repository, blob.Digest, file, blob.Size, progress.ForItem(), ct);
            }

            store.AdoptVerified(temporary, blob.Digest.Value, blob.Size);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
