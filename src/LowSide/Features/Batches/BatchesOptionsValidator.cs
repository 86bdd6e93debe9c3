using TransferPipeline.Hosting.Scheduling;
using FluentValidation;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Features.Batches;

internal sealed class BatchesOptionsValidator : AbstractValidator<BatchesOptions>
{
    public BatchesOptionsValidator()
    {
        RuleFor(o => o.VolumeSize).Must(v => ByteSize.TryParse(v, out var bytes) && bytes >= 1024 * 1024)
            .WithMessage("'{PropertyValue}' is not a size of at least 1 MiB, such as 4.7GB or 64GiB");
        RuleFor(o => o.ChunkSize).Must(v => ByteSize.TryParse(v, out var bytes) && bytes >= 4096 && bytes < 4L * 1024 * 1024 * 1024)
            .WithMessage("'{PropertyValue}' is not a size between 4 KiB and 4 GiB");
        RuleFor(o => o.MaxBlobsPerBatch).InclusiveBetween(1, BatchLimits.Default.MaxFiles)
            .WithMessage("'{PropertyValue}' blobs per batch is outside 1.." + BatchLimits.Default.MaxFiles);
        RuleFor(o => o.MaxArtifactsPerBatch).InclusiveBetween(1, 5_000)
            .WithMessage("'{PropertyValue}' artifacts per batch is outside 1..5000 (an approval statement lists one line an artifact)");
        RuleFor(o => o.Recovery).InclusiveBetween(0, 100)
            .WithMessage("'{PropertyValue}' is not a recovery percentage between 0 (none) and 100");
        RuleFor(o => o.Validity).InclusiveBetween(TimeSpan.FromHours(1), TimeSpan.FromDays(365));
        RuleFor(o => o.Schedule).QuartzCron(emptyMeansOff: true);
        RuleFor(o => o.MediaDirectory).NotEmpty().When(o => !string.IsNullOrWhiteSpace(o.Schedule))
            .WithMessage("a scheduled cut needs Batches:MediaDirectory");
        RuleForEach(o => o.MediaRoots).Must(root => Path.IsPathFullyQualified(root ?? "") && Path.GetFullPath(root!) != "/")
            .WithMessage("'{PropertyValue}' is not an absolute directory other than /");
    }

}
