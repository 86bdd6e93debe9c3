using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// Publishes a language package set (npm, pypi, nuget) into its mirror directory, the one flow their publishers share: the set
/// read again from quarantine (every rule of its format checked), refused when the package table holds one of its packages with
/// other bytes, each package file placed atomically, the packages recorded, then the index pages of every name the set touched
/// (and the mirror's root page) regenerated from what is recorded. A kind supplies its mirror, its set and table, and its files'
/// layout.
/// </summary>
/// <param name="kind">The kind's name in the batch manifest (one of <c>ArtifactKinds</c>).</param>
/// <param name="rootSetting">The setting that names the mirror's directory, as an operator writes it (Mirrors:Npm).</param>
/// <param name="holds">What the mirror holds, in an operator's words ("npm packages").</param>
/// <param name="clock">When packages are recorded as published.</param>
internal abstract class PackageSetPublisher<TSet, TPackage>(string kind, string rootSetting, string holds, TimeProvider clock)
    : IArtifactPublisher
{
    /// <summary>The mirror's directory; null when its setting is not set.</summary>
    protected abstract string? Root { get; }

    /// <summary>The URL clients reach the mirror at, when its pages name it: part of the plan line.</summary>
    protected virtual string? BaseUrl => null;

    public void Prepare()
    {
        if (Root is { } root)
        {
            StagedFile.SweepStagingTree(root);
        }
    }

    public string PlanLine(ArtifactDescription artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var url = BaseUrl is { } baseUrl ? " " + baseUrl : "";
        return $"{kind} {Root ?? $"({rootSetting} not set)"}{url} {artifact.Name} {artifact.Digest}";
    }

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var root = Root
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured, $"{rootSetting} is not set; {holds} cannot be published");
        var entry = artifact as ManifestArtifact
            ?? throw new PublishException(PublishReasons.QuarantineTampered, $"{kind} {artifact.Name} is not an entry of a signed manifest");
        var set = await ReadAsync(quarantineId, entry, cancellationToken);
        var packages = PackagesOf(set);
        if (await ConflictAsync(packages, cancellationToken) is { } conflict)
        {
            throw conflict;
        }

        StagedFile.EnsureMirror(root);
        foreach (var package in packages)
        {
            await PlaceAsync(quarantineId, root, package, cancellationToken);
        }

        await RecordAsync(set, quarantineId, clock.GetUtcNow(), cancellationToken);
        foreach (var name in packages.Select(NameOf).Distinct(StringComparer.Ordinal))
        {
            await WriteNameAsync(root, name, cancellationToken);
        }

        await WriteRootAsync(root, cancellationToken);
    }

    /// <summary>The artifact's package set, read from quarantine with every rule of its format checked.</summary>
    protected abstract Task<TSet> ReadAsync(string quarantineId, ManifestArtifact entry, CancellationToken cancellationToken);

    protected abstract IReadOnlyList<TPackage> PackagesOf(TSet set);

    /// <summary>The refusal when the package table holds one of <paramref name="packages"/> with other bytes; else null.</summary>
    protected abstract Task<PublishException?> ConflictAsync(IReadOnlyList<TPackage> packages, CancellationToken cancellationToken);

    /// <summary>Places one package's file(s) below <paramref name="root"/>; other bytes already there are a conflict.</summary>
    protected abstract Task PlaceAsync(string quarantineId, string root, TPackage package, CancellationToken cancellationToken);

    /// <summary>Records the set's packages in the package table.</summary>
    protected abstract Task RecordAsync(TSet set, string quarantineId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The name whose index page lists <paramref name="package"/>.</summary>
    protected abstract string NameOf(TPackage package);

    /// <summary>Regenerates the index page of <paramref name="name"/> from what is recorded.</summary>
    protected abstract Task WriteNameAsync(string root, string name, CancellationToken cancellationToken);

    /// <summary>Regenerates the mirror's root page from what is recorded, when it has one.</summary>
    protected virtual Task WriteRootAsync(string root, CancellationToken cancellationToken) => Task.CompletedTask;
}
