using FluentValidation;

namespace TransferPipeline.Hosting.Workers;

internal sealed class WorkerOptionsValidator : AbstractValidator<WorkerOptions>
{
    public WorkerOptionsValidator()
    {
        RuleFor(o => o.ClaimLease).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        RuleFor(o => o.SchedulerLease).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        RuleFor(o => o.HeartbeatInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        RuleFor(o => o.StaleAfter).GreaterThan(o => o.HeartbeatInterval).WithMessage("Workers:StaleAfter must exceed Workers:HeartbeatInterval");
        RuleFor(o => o.SweepInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
    }
}
