using System.Text;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>
/// Signs audit checkpoints with the high side's key. The signature bytes are a minisign prehashed
/// signature file, so `minisign -V` can check an exported checkpoint with the site's public key.
/// </summary>
/// <param name="secretKey">
/// The high side's key, asked for at each use: the service's shared key is loaded (and its password
/// read) only when the first checkpoint is signed; `init` hands in the key it has just created.
/// </param>
internal sealed class MinisignCheckpointSigner(Func<MinisignSecretKey> secretKey) : IAuditCheckpointSigner
{
    public const string TrustedComment = "transferpipeline-audit-checkpoint";

    public string KeyId => secretKey().PublicKey.KeyIdHex;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = secretKey().SignPrehashed(Blake2bHash.Compute(data, 64), TrustedComment, "audit checkpoint");
        return Encoding.UTF8.GetBytes(signature.ToFileText());
    }
}
