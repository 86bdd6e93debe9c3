using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace TransferPipeline.Hosting.Scheduling;

/// <summary>The Quartz wiring of both daemons: every scheduled job declared in one list; jobs finish before shutdown.</summary>
public static class TransferScheduler
{
    public static IServiceCollection AddTransferScheduler(this IServiceCollection services, IEnumerable<ScheduledJob> jobs)
    {
        var scheduled = jobs.Where(j => !string.IsNullOrWhiteSpace(j.Cron)).ToList();
        services.AddQuartz(quartz =>
        {
            foreach (var job in scheduled)
            {
                var key = new JobKey(job.Name);
                job.AddJob(quartz, key);
                quartz.AddTrigger(t => t.ForJob(key).WithIdentity(job.TriggerName).WithCronSchedule(job.Cron!));
            }
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
