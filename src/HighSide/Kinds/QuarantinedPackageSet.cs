using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// Reads the package set that is an artifact's root blob (deb, npm, ...) from quarantine, hashed as it is read so that a copy
/// altered after verification is caught: what every package-set kind's import check and publisher share.
/// </summary>
internal static class QuarantinedPackageSet
{
    /// <summary>
    /// The set <paramref name="read"/> makes of the blob (throwing the kind's own exception, which is reported as
    /// <see cref="PublishReasons.PackageSetInvalid"/>); throws <see cref="PublishException"/> with the reason code of whatever is wrong.
    /// </summary>
    public static async Task<T> ReadAsync<T, TInvalid>(BlobLocator locator, string quarantineId, ManifestArtifact artifact, long maxBytes,
        Func<Stream, Task<T>> read, CancellationToken cancellationToken)
        where TInvalid : Exception
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(read);
        var path = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing,
                $"package set {artifact.Digest} of {artifact.Kind} {artifact.Name} is not in quarantine");
        T set;
        string sha256;
        await using (var file = Sha256Digest.OpenSequential(path))
        await using (var hashing = new HashingReadStream(file, 2 * maxBytes))
        {
            try
            {
                set = await read(hashing);
            }
            catch (TInvalid ex)
            {
                throw new PublishException(PublishReasons.PackageSetInvalid,
                    $"the package set of {artifact.Kind} '{artifact.Name}' is invalid: {ex.Message}");
            }

            sha256 = await hashing.FinishAsync(cancellationToken);
        }

        return "sha256:" + sha256 == artifact.Digest
            ? set
            : throw new PublishException(PublishReasons.QuarantineTampered,
                $"package set {artifact.Digest} in quarantine was altered after verification (sha256 {sha256})");
    }

    /// <summary>An import check's verdict: null when <paramref name="check"/> passes, else the failure its exception reports.</summary>
    public static async Task<Failure?> FailureOfAsync(Func<Task> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            await check();
            return null;
        }
        catch (PublishException ex)
        {
            return new Failure(ex.Code, ex.Message);
        }
    }
}
