using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Runs every test of the deriving fixture twice: with the site's state in SQLite and in PostgreSQL (a fresh database
/// on the run's private server each time). A fixture that needs another base class takes <see cref="OnBothProvidersAttribute"/>.
/// </summary>
[OnBothProviders]
public abstract class ProviderFixture(DatabaseProvider provider)
{
    /// <summary>Where this run of the fixture keeps the sites' state: pass it to the side's test site or harness.</summary>
    protected DatabaseProvider Provider { get; } = provider;
}
