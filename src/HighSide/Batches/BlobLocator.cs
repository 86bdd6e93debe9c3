using TransferPipeline.Shared.Storage;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide.Batches;

/// <summary>Finds a blob on local disk: in the batch's own quarantine store, or in the store of the published batch that shipped it.</summary>
internal sealed class BlobLocator(DataDirectory data, BlobRepository blobs)
{
    public async Task<string?> FindAsync(string quarantineId, string digest, CancellationToken cancellationToken)
    {
        var own = new ContentStore(data.BatchBlobs(quarantineId));
        if (own.Contains(digest))
        {
            return own.PathOf(digest);
        }

        var holder = await blobs.HolderAsync(digest, cancellationToken);
        if (holder is null)
        {
            return null;
        }

        var store = new ContentStore(data.BatchBlobs(holder));
        return store.Contains(digest) ? store.PathOf(digest) : null;
    }
}
