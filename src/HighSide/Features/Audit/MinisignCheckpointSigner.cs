using System.Text;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Hosting.Site;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>
/// Signs audit checkpoints with the high side's key. The signature bytes are a minisign prehashed
/// signature file, so `minisign -V` can check an exported checkpoint with the site's public key.
/// </summary>
internal sealed class MinisignCheckpointSigner(SiteKey siteKey) : IAuditCheckpointSigner
{
    public const string TrustedComment = "transferpipeline-audit-checkpoint";

    public string KeyId => siteKey.SharedSecretKey.PublicKey.KeyIdHex;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = siteKey.SharedSecretKey.SignPrehashed(Blake2bHash.Compute(data, 64), TrustedComment, "audit checkpoint");
        return Encoding.UTF8.GetBytes(signature.ToFileText());
    }
}
