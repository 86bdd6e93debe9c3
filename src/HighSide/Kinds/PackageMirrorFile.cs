using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// Places one package file of a language package set (npm, pypi, ...) from quarantine into its mirror: what their publishers
/// share. A file already there with the same bytes stays; one with other bytes is a conflict (a published file never
/// changes); a new one is copied, hashed again as it is copied, atomically.
/// </summary>
internal static class PackageMirrorFile
{
    /// <summary>
    /// Places blob <c>sha256:<paramref name="sha256"/></c> at <paramref name="target"/> below <paramref name="mirror"/>;
    /// <paramref name="conflict"/> makes the exception for other bytes already there (given their sha256), and
    /// <paramref name="check"/>, when given, checks the quarantined blob's file (an ecosystem's own hash) before it is placed.
    /// </summary>
    public static async Task PlaceAsync(
        BlobLocator locator, string quarantineId, string mirror, string target, string sha256, Func<string, PublishException> conflict,
        Func<string, CancellationToken, Task>? check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(conflict);
        if (System.IO.File.Exists(target))
        {
            // Placed by an earlier publish (or one interrupted before it recorded the file): the same bytes stay.
            var there = await Sha256Digest.ComputeFileAsync(target, cancellationToken);
            if (there.Sha256 != sha256)
            {
                throw conflict(there.Sha256);
            }

            return;
        }

        var blob = await locator.FindAsync(quarantineId, "sha256:" + sha256, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"{Path.GetRelativePath(mirror, target)} (sha256:{sha256}) is not in quarantine");
        if (check is not null)
        {
            await check(blob, cancellationToken);
        }

        StagedFile.EnsureDirectories(mirror, Path.GetDirectoryName(target)!);
        await StagedFile.PublishAsync(blob, sha256, target, cancellationToken);
    }
}
