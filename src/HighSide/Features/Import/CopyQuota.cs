using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>The most one volume's copy into quarantine may hold, and why it is refused when it holds more.</summary>
internal sealed record CopyQuota(long MaxBytes, Failure Refusal);
