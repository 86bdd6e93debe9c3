using TransferPipeline.Hosting.Data;

namespace TransferPipeline.LowSide;

/// <summary>The places only the low side has in its data directory.</summary>
internal static class LowSideData
{
    /// <summary>The content store of gathered blobs.</summary>
    public static string StoreDirectory(this DataDirectory data) => data.Combine("store");

    /// <summary>High-side public keys whose receipts are accepted.</summary>
    public static string TrustDirectory(this DataDirectory data) => data.Combine("trust");

    /// <summary>Every receipt imported, kept with its signature: anchors of the high side's audit history.</summary>
    public static string ReceiptsDirectory(this DataDirectory data) => data.Combine("receipts");
}
