namespace TransferPipeline.HighSide.Features.Import;

/// <summary>The parts of the volume this import has just copied and verified, with their hashes taken as they were written.</summary>
internal sealed record CopiedParts(int Volume, JoinedParts Parts);
