using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Hosting;

/// <summary>Applies migrations before anything else in the daemon starts.</summary>
internal sealed class DatabaseMigration(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
