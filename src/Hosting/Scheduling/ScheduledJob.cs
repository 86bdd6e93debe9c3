using Quartz;

namespace TransferPipeline.Hosting.Scheduling;

/// <summary>A Quartz job of a daemon with its named trigger; not scheduled when <see cref="Cron"/> is empty.</summary>
public sealed record ScheduledJob(string Name, string TriggerName, string? Cron, Action<IQuartzBuilder, JobKey> AddJob)
{
    public static ScheduledJob For<TJob>(string name, string? cron)
        where TJob : IJob => new(name, name + "-schedule", cron, (quartz, key) => quartz.AddJob<TJob>(j => j.WithIdentity(key)));
}
