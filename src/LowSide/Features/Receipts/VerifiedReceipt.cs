using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>A receipt whose signature, trusted comment and content were checked.</summary>
internal sealed record VerifiedReceipt(Receipt Receipt, string Sha256, string KeyId);
