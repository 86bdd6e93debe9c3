using System.Text;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>Checks checkpoints made by <see cref="MinisignCheckpointSigner"/> against the high side's public key.</summary>
internal sealed class MinisignCheckpointVerifier(MinisignPublicKey publicKey) : IAuditCheckpointVerifier
{
    public bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (keyId != publicKey.KeyIdHex)
        {
            return false;
        }

        try
        {
            var parsed = MinisignSignature.Parse(Encoding.UTF8.GetString(signature));
            var verification = MinisignVerifier.Verify([publicKey], Blake2bHash.Compute(data, 64), [], parsed);
            return verification.IsValid && parsed.TrustedComment == MinisignCheckpointSigner.TrustedComment;
        }
        catch (MinisignFormatException)
        {
            return false;
        }
    }
}
