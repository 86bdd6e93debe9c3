using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>The run's PostgreSQL server and a template database migrated to the low side's schema, copied for each site.</summary>
internal sealed class LowSidePostgreSql : IAsyncDisposable
{
    private const string Template = "lowside_template";

    private LowSidePostgreSql(PostgreSqlServer server) => Server = server;

    public PostgreSqlServer Server { get; }

    public static async Task<LowSidePostgreSql> StartAsync()
    {
        var server = await PostgreSqlServer.StartAsync();
        try
        {
            await server.ExecuteAsync($"CREATE DATABASE {Template}");
            await using (var template = new PostgreSqlDatabase(server.ConnectionString(Template)))
            {
                await new MigrationRunner(template, LowSideMigrations.All, TimeProvider.System).RunAsync(CancellationToken.None);
            }

            return new LowSidePostgreSql(server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new database holding the low side's schema and nothing else; its connection string.</summary>
    public Task<string> CreateSiteDatabaseAsync() => Server.CreateDatabaseAsync(Template);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
