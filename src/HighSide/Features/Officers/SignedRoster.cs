using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>A roster document's exact bytes and the signatures officers made over them.</summary>
internal sealed record SignedRoster(byte[] Bytes, RosterDocument Document, string Sha256, IReadOnlyList<MinisignSignature> Signatures);
