using Dapper;
using NuGet.Versioning;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>The published NuGet packages (table nuget_packages): what the feed's version lists are regenerated from.</summary>
internal sealed class NuGetPackageRepository(Database database)
{
    /// <summary>The first of <paramref name="packages"/> already published with other bytes, and the sha256 published; else null.</summary>
    public async Task<(NuGetPackage Package, string Published)?> ConflictAsync(
        IReadOnlyList<NuGetPackage> packages, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var package in packages)
        {
            var published = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                """SELECT sha256 FROM nuget_packages WHERE id_lower = @IdLower AND version_lower = @VersionLower""",
                new { IdLower = package.Id.ToLowerInvariant(), VersionLower = package.Version.ToLowerInvariant() },
                cancellationToken: cancellationToken));
            if (published is not null && published != package.Sha256)
            {
                return (package, published);
            }
        }

        return null;
    }

    /// <summary>Records the packages; a version already recorded keeps its row (its bytes are the same, see <see cref="ConflictAsync"/>).</summary>
    public async Task AddAsync(IReadOnlyList<NuGetPackage> packages, string serviceIndex, string batchId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var rows = packages.Select(p => new
        {
            IdLower = p.Id.ToLowerInvariant(),
            VersionLower = p.Version.ToLowerInvariant(),
            p.Id,
            p.Version,
            p.FileName,
            p.Sha256,
            p.Sha512,
            p.ContentHash,
            p.Size,
            serviceIndex,
            batchId,
            now,
        });
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO nuget_packages (id_lower, version_lower, id, version, file_name, sha256, sha512, content_hash, size, service_index,
                                        batch_id, published_utc)
            VALUES (@IdLower, @VersionLower, @Id, @Version, @FileName, @Sha256, @Sha512, @ContentHash, @Size, @serviceIndex, @batchId, @now)
            ON CONFLICT (id_lower, version_lower) DO NOTHING
            """, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every published version of the package with the lower-case id <paramref name="idLower"/>, lower case, lowest first.</summary>
    public async Task<IReadOnlyList<string>> VersionsAsync(string idLower, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT version_lower FROM nuget_packages WHERE id_lower = @idLower""", new { idLower }, cancellationToken: cancellationToken));
        return [.. rows.OrderBy(NuGetVersion.Parse)];
    }
}
