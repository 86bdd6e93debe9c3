using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>The published Debian packages (table debian_packages): what the apt mirror's indexes are regenerated from.</summary>
internal sealed class DebPackageRepository(Database database)
{
    // @wanted is a JSON array of [filename, sha256] pairs: SQLite's json_each, PostgreSQL's jsonb functions.
    private static readonly ProviderSql Conflicts = new(
        """
        SELECT DISTINCT d.filename, d.sha256
        FROM json_each(@wanted) w
        JOIN debian_packages d ON d.repository_path = @repositoryPath AND d.filename = json_extract(w.value, '$[0]')
        WHERE d.sha256 <> json_extract(w.value, '$[1]')
        ORDER BY d.filename
        """,
        """
        SELECT DISTINCT d.filename, d.sha256
        FROM jsonb_array_elements(@wanted::JSONB) w
        JOIN debian_packages d ON d.repository_path = @repositoryPath AND d.filename = w.value ->> 0
        WHERE d.sha256 <> w.value ->> 1
        ORDER BY d.filename
        """);

    /// <summary>Pool paths of <paramref name="packages"/> the repository holds with other bytes: (filename, sha256 there).</summary>
    public async Task<IReadOnlyList<(string Filename, string Sha256)>> ConflictsAsync(
        string repositoryPath, IReadOnlyList<DebianPackage> packages, CancellationToken cancellationToken)
    {
        var wanted = JsonSerializer.Serialize(packages.Select(p => new[] { p.Filename, p.Sha256 }));
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            Conflicts.For(database), new { repositoryPath, wanted }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Records every package of <paramref name="set"/> in its suite, component and architecture; a package already recorded
    /// there keeps its row and the stanza it was first published with, so publishing the same set again changes nothing,
    /// and a later batch listing the same .deb with another stanza (a Depends, Conflicts or Essential field of its own)
    /// cannot rewrite what an earlier batch published.
    /// </summary>
    public async Task UpsertAsync(
        string repositoryPath, DebianPackageSet set, string batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var rows = set.Packages.Select(p => new
        {
            repositoryPath,
            set.Suite,
            set.Component,
            set.Architecture,
            p.Package,
            p.Version,
            PackageArchitecture = p.Architecture,
            p.Filename,
            p.Sha256,
            p.Size,
            p.Control,
            batchId,
            now,
        });
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO debian_packages (repository_path, suite, component, architecture, package, version, package_architecture,
                filename, sha256, size, control, batch_id, published_utc)
            VALUES (@repositoryPath, @Suite, @Component, @Architecture, @Package, @Version, @PackageArchitecture,
                @Filename, @Sha256, @Size, @Control, @batchId, @now)
            ON CONFLICT (repository_path, suite, component, architecture, filename) DO NOTHING
            """, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The suite's components and architectures, or null when nothing is published in it.</summary>
    public async Task<PublishedDebSuite?> SuiteAsync(string repositoryPath, string suite, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { repositoryPath, suite };
        var changed = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            """SELECT MAX(published_utc) FROM debian_packages WHERE repository_path = @repositoryPath AND suite = @suite""",
            parameters, cancellationToken: cancellationToken));
        if (changed is null)
        {
            return null;
        }

        var components = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT component FROM debian_packages
            WHERE repository_path = @repositoryPath AND suite = @suite ORDER BY component
            """,
            parameters, cancellationToken: cancellationToken));
        var architectures = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT architecture FROM debian_packages
            WHERE repository_path = @repositoryPath AND suite = @suite ORDER BY architecture
            """,
            parameters, cancellationToken: cancellationToken));
        return new PublishedDebSuite(components.AsList(), architectures.AsList(), changed.Value);
    }

    /// <summary>
    /// The stanzas of one binary-ARCH index, streamed in package, version and filename order: the packages published for
    /// the architecture and every architecture-all package of the component, each file once.
    /// </summary>
    public async IAsyncEnumerable<string> StanzasAsync(string repositoryPath, string suite, string component, string architecture,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stanzas = connection.QueryUnbufferedAsync<string>(
            """
            SELECT MIN(control) FROM debian_packages
            WHERE repository_path = @repositoryPath AND suite = @suite AND component = @component
              AND (architecture = @architecture OR package_architecture = 'all')
            GROUP BY package, version, filename
            ORDER BY package, version, filename
            """, new { repositoryPath, suite, component, architecture });
        await foreach (var stanza in stanzas.WithCancellation(cancellationToken))
        {
            yield return stanza;
        }
    }
}
