namespace TransferPipeline.Shared.Audit;

/// <summary>Signs audit checkpoints with a private key held by the audit service.</summary>
public interface IAuditCheckpointSigner
{
    /// <summary>The id under which verifiers know the matching public key.</summary>
    string KeyId { get; }

    /// <summary>Signs <paramref name="data"/> and returns the raw signature bytes.</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
