namespace TransferPipeline.Shared.Minisign;

/// <summary>What a minisign signature signs.</summary>
public enum MinisignAlgorithm
{
    /// <summary>"ED": Ed25519 over the BLAKE2b-512 hash of the file (minisign's default since 0.10).</summary>
    Prehashed,

    /// <summary>"Ed": Ed25519 over the raw file content (minisign -l). Refused unless explicitly allowed.</summary>
    Legacy,
}
