namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// One blob's chunks on one volume, written one after another (in the order of their names, which is their index order) into one
/// file as they were copied from the media; <see cref="Sha256"/> is the hash of those bytes, taken in the same pass.
/// </summary>
internal sealed record JoinedPart(string Hex, string File, long Length, byte[] Sha256);
