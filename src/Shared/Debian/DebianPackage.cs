namespace TransferPipeline.Shared.Debian;

/// <summary>
/// One .deb in a package set: its identity, where it lies below the repository (and so below the mirror), its size and
/// SHA-256, and its stanza from the repository's Packages index exactly as the index has it.
/// </summary>
public sealed record DebianPackage
{
    public required string Package { get; init; }
    public required string Version { get; init; }
    public required string Architecture { get; init; }

    /// <summary>The index's <c>Filename</c>: a path below the repository starting with <c>pool/</c>.</summary>
    public required string Filename { get; init; }

    public required long Size { get; init; }

    /// <summary>Lowercase hex, as the index's <c>SHA256</c> field.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The stanza: one deb822 paragraph, no final line feed.</summary>
    public required string Control { get; init; }

    /// <summary>The blob digest of the .deb.</summary>
    public string Digest => "sha256:" + Sha256;
}
