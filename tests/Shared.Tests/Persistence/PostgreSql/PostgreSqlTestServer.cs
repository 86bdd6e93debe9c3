using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Persistence.PostgreSql;

/// <summary>One private PostgreSQL server for the PostgreSQL tests of this assembly (only they pay for starting it).</summary>
[SetUpFixture]
public sealed class PostgreSqlTestServer
{
    public static PostgreSqlServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => Server = await PostgreSqlServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
