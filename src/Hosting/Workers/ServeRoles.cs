namespace TransferPipeline.Hosting.Workers;

/// <summary>What one `serve` process runs (`--role`): any mix of the three; `all` is the single-process default.</summary>
[Flags]
public enum ServeRoles
{
    None = 0,

    /// <summary>The HTTP API and web console; it publishes work but consumes none.</summary>
    Api = 1,

    /// <summary>The bus consumers, the start-up re-queue of unfinished work and the sweep of expired claims.</summary>
    Worker = 2,

    /// <summary>The scheduled jobs, run only while this process holds the scheduler lease.</summary>
    Scheduler = 4,

    All = Api | Worker | Scheduler,
}
