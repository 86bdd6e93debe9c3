using Dapper;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>The published distribution files (table pypi_packages): what the mirror's simple index is regenerated from.</summary>
internal sealed class PyPIPackageRepository(Database database)
{
    /// <summary>The first of <paramref name="files"/> already published with other bytes, and the sha256 published; else null.</summary>
    public async Task<(PyPIPackage File, string Published)?> ConflictAsync(IReadOnlyList<PyPIPackage> files, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var file in files)
        {
            var published = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                """SELECT sha256 FROM pypi_packages WHERE name = @Name AND file_name = @FileName""",
                new { file.Name, file.FileName }, cancellationToken: cancellationToken));
            if (published is not null && published != file.Sha256)
            {
                return (file, published);
            }
        }

        return null;
    }

    /// <summary>Records the files; a file already recorded keeps its row (its bytes are the same, see <see cref="ConflictAsync"/>).</summary>
    public async Task AddAsync(IReadOnlyList<PyPIPackage> files, string index, string batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var rows = files.Select(f => new { f.Name, f.Version, f.FileName, f.Sha256, f.Size, f.RequiresPython, f.Yanked, index, batchId, now });
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pypi_packages (name, version, file_name, sha256, size, requires_python, yanked, index_url, batch_id, published_utc)
            VALUES (@Name, @Version, @FileName, @Sha256, @Size, @RequiresPython, @Yanked, @index, @batchId, @now)
            ON CONFLICT (name, file_name) DO NOTHING
            """, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every published file of <paramref name="name"/>, by version and file name.</summary>
    public async Task<IReadOnlyList<PublishedPyPIFile>> FilesAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PublishedPyPIFile>(new CommandDefinition(
            """
            SELECT name AS Name, version AS Version, file_name AS FileName, sha256 AS Sha256, requires_python AS RequiresPython,
                   yanked AS Yanked
            FROM pypi_packages WHERE name = @name ORDER BY version, file_name
            """, new { name }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Every project with a published file, in name order.</summary>
    public async Task<IReadOnlyList<string>> ProjectsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            """SELECT DISTINCT name FROM pypi_packages ORDER BY name""", cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
