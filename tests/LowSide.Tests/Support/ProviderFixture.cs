using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>
/// Runs every test of the deriving fixture twice: with the site's state in SQLite and in PostgreSQL (a fresh database
/// on the run's private server each time).
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public abstract class ProviderFixture(DatabaseProvider provider)
{
    /// <summary>Where this run of the fixture keeps the sites' state: pass it to <c>TestSite.CreateAsync</c>.</summary>
    protected DatabaseProvider Provider { get; } = provider;
}
