using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>A volume's copy into quarantine: why it was refused, if it was, and the regions of the media that never read.</summary>
internal sealed record VolumeCopy(Failure? Refusal, IReadOnlyList<UnreadableRegion> Unreadable);
