using Dapper;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>The published npm packages (table npm_packages): what the mirror's packuments are regenerated from.</summary>
internal sealed class NpmPackageRepository(Database database)
{
    /// <summary>The first of <paramref name="packages"/> already published with other bytes, and the sha256 published; else null.</summary>
    public async Task<(NpmPackage Package, string Published)?> ConflictAsync(IReadOnlyList<NpmPackage> packages, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var package in packages)
        {
            var published = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                """SELECT sha256 FROM npm_packages WHERE name = @Name AND version = @Version""",
                new { package.Name, package.Version }, cancellationToken: cancellationToken));
            if (published is not null && published != package.Sha256)
            {
                return (package, published);
            }
        }

        return null;
    }

    /// <summary>Records the packages; a version already recorded keeps its row (its bytes are the same, see <see cref="ConflictAsync"/>).</summary>
    public async Task AddAsync(IReadOnlyList<NpmPackage> packages, string registry, string batchId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var rows = packages.Select(p => new
        {
            p.Name,
            p.Version,
            p.FileName,
            p.Sha256,
            p.Integrity,
            p.Size,
            Metadata = p.Metadata.GetRawText(),
            registry,
            batchId,
            now,
        });
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO npm_packages (name, version, file_name, sha256, integrity, size, metadata, registry, batch_id, published_utc)
            VALUES (@Name, @Version, @FileName, @Sha256, @Integrity, @Size, @Metadata, @registry, @batchId, @now)
            ON CONFLICT (name, version) DO NOTHING
            """, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every published version of <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<PublishedNpmPackage>> VersionsAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PublishedNpmPackage>(new CommandDefinition(
            """
            SELECT name AS Name, version AS Version, file_name AS FileName, sha256 AS Sha256, integrity AS Integrity,
                   metadata AS Metadata, published_utc AS PublishedUtc
            FROM npm_packages WHERE name = @name ORDER BY version
            """, new { name }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
