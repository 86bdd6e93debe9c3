using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// Reads the package set that is an artifact's root blob (deb, npm, ...) from quarantine, hashed as it is read so that a copy
/// altered after verification is caught, and checks every rule of its format against the artifact's signed manifest entry: at
/// import, so a set that breaks one never reaches the officers, and again when it is published. A kind supplies its format's
/// reader (<paramref name="read"/>, throwing <typeparamref name="TInvalid"/>, which is reported as
/// <see cref="PublishReasons.PackageSetInvalid"/>) and its largest set (<paramref name="maxBytes"/>).
/// </summary>
internal abstract class QuarantinedPackageSets<TSet, TInvalid>(
    BlobLocator locator,
    long maxBytes,
    Func<Stream, string, string, IReadOnlyList<string>, CancellationToken, Task<TSet>> read) : IImportedArtifactCheck
    where TInvalid : Exception
{
    public abstract string Kind { get; }

    /// <summary>The checked set; throws <see cref="PublishException"/> with the reason code of whatever is wrong.</summary>
    public async Task<TSet> ReadAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var path = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing,
                $"package set {artifact.Digest} of {artifact.Kind} {artifact.Name} is not in quarantine");
        TSet set;
        string sha256;
        await using (var file = Sha256Digest.OpenSequential(path))
        await using (var hashing = new HashingReadStream(file, 2 * maxBytes))
        {
            try
            {
                set = await read(hashing, artifact.Source, artifact.Name, artifact.Blobs, cancellationToken);
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

    public async Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken)
    {
        try
        {
            Check(await ReadAsync(quarantineId, artifact, cancellationToken));
            return null;
        }
        catch (PublishException ex)
        {
            return new Failure(ex.Code, ex.Message);
        }
    }

    /// <summary>What a kind checks at import besides its format's rules; throws <see cref="PublishException"/>.</summary>
    protected virtual void Check(TSet set)
    {
    }
}
