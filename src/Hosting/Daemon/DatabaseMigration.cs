using Microsoft.Extensions.Hosting;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Daemon;

/// <summary>Applies migrations before anything else in a daemon starts (it is the first hosted service).</summary>
internal sealed class DatabaseMigration(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
