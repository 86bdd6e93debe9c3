namespace TransferPipeline.Shared.Audit;

/// <summary>Checks audit checkpoint signatures against the trusted keys.</summary>
public interface IAuditCheckpointVerifier
{
    /// <summary>
    /// True only if <paramref name="keyId"/> names a trusted key and <paramref name="signature"/>
    /// is its valid signature over <paramref name="data"/>. Unknown keys are false, never an exception.
    /// </summary>
    bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
