using System.Text.Json;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Conformance;

/// <summary>
/// Writes the batch-format conformance set: valid volumes made by the product's writer, one faulty copy per rule and
/// sub-case, the public keys, and index.json saying what each vector expects.
/// </summary>
public static class ConformanceSet
{
    /// <summary>
    /// Rules of docs/batch-format.md no stand-alone vector can break: those needing the high side's state (revocation,
    /// whole batches, import history, joining chunks: CON-2 and CON-3), SIG-7, which needs media that answers two reads differently, and the package-set rules,
    /// which the high side checks once a batch is whole (HIGH-5), not a verifier of one volume. Of the recovery file rules only
    /// REC-1 refuses anything; REC-2 to REC-8 say what recovery files hold and how a repair goes, which no verdict shows.
    /// </summary>
    public static IReadOnlyList<string> RulesWithoutVectors { get; } =
    [
        "SIG-4", "SIG-7", "CON-2", "CON-3", "HIGH-1", "HIGH-2", "HIGH-3", "HIGH-4", "HIGH-5",
        "DEB-1", "DEB-2", "DEB-3", "DEB-4", "DEB-5", "DEB-6", "DEB-7", "DEB-8",
        "NPM-1", "NPM-2", "NPM-3", "NPM-4", "NPM-5", "NPM-6", "NPM-7", "NPM-8",
        "PYPI-1", "PYPI-2", "PYPI-3", "PYPI-4", "PYPI-5", "PYPI-6", "PYPI-7", "PYPI-8",
        "NUGET-1", "NUGET-2", "NUGET-3", "NUGET-4", "NUGET-5", "NUGET-6", "NUGET-7",
        "REC-2", "REC-3", "REC-4", "REC-5", "REC-6", "REC-7", "REC-8",
    ];

    private static readonly JsonSerializerOptions IndexJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static IReadOnlyList<VectorDefinition> Catalogue { get; } =
    [
        .. ValidVectors.All,
        .. ControlFileVectors.All,
        .. ManifestVectors.All,
        .. ArtifactVectors.All,
        .. StructureVectors.All,
        .. PlacementVectors.All,
        .. SumsVectors.All,
        .. VolumeVectors.All,
    ];

    /// <summary>Every vector id, in index order, without writing anything.</summary>
    public static IReadOnlyList<string> VectorIds { get; } = [.. Catalogue.Select(v => v.Id)];

    /// <summary>
    /// Writes the set into <paramref name="output"/>, which must be absent, empty or a set written before (replaced whole).
    /// </summary>
    public static async Task<ConformanceIndex> WriteAsync(string output, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        Prepare(output);
        using var keys = new ConformanceKeys();
        Directory.CreateDirectory(Path.Combine(output, "keys"));
        foreach (var name in keys.Names)
        {
            await File.WriteAllTextAsync(Path.Combine(output, ConformanceKeys.PublicKeyPath(name)), keys[name].PublicKey.ToFileText(),
                cancellationToken);
        }

        var work = Path.Combine(Path.GetTempPath(), $"tp-conformance-{Guid.NewGuid():N}");
        try
        {
            var store = new ContentStore(work);
            var artifacts = new FixtureArtifacts(store);
            await artifacts.AddAllAsync(cancellationToken);
            var bases = new BaseVolumes();
            await bases.WriteAsync(output, store, artifacts, keys, cancellationToken);

            var vectors = new List<ConformanceVector>(Catalogue.Count);
            foreach (var definition in Catalogue)
            {
                var build = new VectorBuild(Path.Combine(output, definition.Id), bases, keys, cancellationToken);
                var volume = await definition.BuildAsync(build);
                vectors.Add(definition.ToVector(Path.GetRelativePath(output, volume).Replace('\\', '/')));
            }

            var index = new ConformanceIndex(ConformanceIndex.CurrentFormatVersion, vectors);
            await File.WriteAllBytesAsync(Path.Combine(output, "index.json"), JsonSerializer.SerializeToUtf8Bytes(index, IndexJson),
                cancellationToken);
            return index;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Prepare(string output)
    {
        if (!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any())
        {
            return;
        }

        if (!File.Exists(Path.Combine(output, "index.json")))
        {
            throw new IOException($"'{output}' holds files but no index.json: not replacing what is not a conformance set");
        }

        Directory.Delete(output, recursive: true);
    }
}
