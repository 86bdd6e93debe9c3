using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A private PostgreSQL server with a template database migrated to one side's schema, copied for each site.</summary>
public sealed class PostgreSqlTemplate : IAsyncDisposable
{
    private readonly string _template;

    private PostgreSqlTemplate(PostgreSqlServer server, string template)
    {
        Server = server;
        _template = template;
    }

    public PostgreSqlServer Server { get; }

    /// <summary>Starts a server and migrates <paramref name="template"/> (a plain identifier) with <paramref name="migrations"/>.</summary>
    public static async Task<PostgreSqlTemplate> StartAsync(string template, IReadOnlyList<Migration> migrations)
    {
        var server = await PostgreSqlServer.StartAsync();
        try
        {
            await server.ExecuteAsync($"CREATE DATABASE {template}");
            await using (var database = new PostgreSqlDatabase(server.ConnectionString(template)))
            {
                await new MigrationRunner(database, migrations, TimeProvider.System).RunAsync(CancellationToken.None);
            }

            return new PostgreSqlTemplate(server, template);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new database holding the side's schema and nothing else; its connection string.</summary>
    public Task<string> CreateSiteDatabaseAsync() => Server.CreateDatabaseAsync(_template);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
