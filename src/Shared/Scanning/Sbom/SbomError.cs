namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>Why an image inventory or an SBOM was refused.</summary>
public enum SbomError
{
    /// <summary>A file the inventory keeps is larger than its cap.</summary>
    FileTooLarge,

    /// <summary>The image holds more kept files, or more kept bytes, than the inventory allows.</summary>
    TooManyFiles,

    /// <summary>A layer could not be read as a tar archive.</summary>
    LayerUnreadable,

    /// <summary>An SBOM document is larger than the reader allows.</summary>
    DocumentTooLarge,

    /// <summary>An SBOM document is not well-formed JSON or not CycloneDX.</summary>
    MalformedDocument,

    /// <summary>An SBOM document lists more components than the reader allows.</summary>
    TooManyComponents,

    /// <summary>A string in an SBOM document is longer than the reader allows.</summary>
    StringTooLong,

    /// <summary>A package URL is not well-formed.</summary>
    InvalidPackageUrl,
}
