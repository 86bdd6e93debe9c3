using FluentValidation;

namespace TransferPipeline.LowSide.Features.Gathering;

internal sealed class GatheringOptionsValidator : AbstractValidator<GatheringOptions>
{
    public GatheringOptionsValidator()
    {
        RuleFor(o => o.MaxAttempts).InclusiveBetween(1, 20);
        RuleFor(o => o.RetryBaseDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(5));
        RuleFor(o => o.ParallelDownloads).InclusiveBetween(1, 16);
        RuleFor(o => o.MaxChartIndexBytes).InclusiveBetween(1024, 1L << 30);
        RuleFor(o => o.MaxDownloadBytes).InclusiveBetween(1L << 20, 1L << 44);
        RuleFor(o => o.StallTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    }
}
