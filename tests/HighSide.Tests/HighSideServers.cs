using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests;

/// <summary>
/// The run's private PostgreSQL server with a template database migrated to the high side's schema, started by the first
/// test that asks for it (a run of SQLite tests alone never pays for it) and stopped at the end of the run.
/// </summary>
[SetUpFixture]
public sealed class HighSideServers
{
    private static readonly Lazy<Task<PostgreSqlTemplate>> Started =
        new(() => PostgreSqlTemplate.StartAsync("highside_template", HighSideMigrations.All));

    /// <summary>The server, started on first use; a server that cannot start fails the test that asked.</summary>
    public static Task<PostgreSqlTemplate> PostgreSqlAsync() => Started.Value;

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Started.IsValueCreated && Started.Value.IsCompletedSuccessfully)
        {
            await (await Started.Value).DisposeAsync();
        }
    }
}
