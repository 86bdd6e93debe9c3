using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>What `lowside request show` says of a gathered deb request: how many packages were resolved, and which.</summary>
/// <param name="Count">Packages in the set: those requested and everything they depend on.</param>
/// <param name="Packages">Each as "name version architecture", in the set's (filename) order.</param>
internal sealed record DebSetSummary(int Count, IReadOnlyList<string> Packages)
{
    /// <summary>The summary of <paramref name="request"/>'s package set; null for other kinds or a deb request not gathered.</summary>
    public static async Task<DebSetSummary?> ReadAsync(
        ContentStore store, ArtifactRequest request, IReadOnlyList<RequestBlob> blobs, CancellationToken ct)
    {
        if (request.Kind != ArtifactKinds.Deb || request.ResolvedDigest is not { } digest || !store.Contains(digest))
        {
            return null;
        }

        try
        {
            await using var stream = store.OpenRead(digest);
            var set = await DebianPackageSetFormat.ReadAsync(stream, request.Source, request.Name!, [.. blobs.Select(b => b.Digest)], ct);
            return new DebSetSummary(set.Packages.Count, [.. set.Packages.Select(p => $"{p.Package} {p.Version} {p.Architecture}")]);
        }
        catch (DebianPackageSetException)
        {
            return null;
        }
    }
}
