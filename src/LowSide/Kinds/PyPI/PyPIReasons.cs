using TransferPipeline.LowSide.Kinds.Npm;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>Reason codes of pypi requests that could not be gathered: the language package kinds share them, so scripts match one set.</summary>
internal static class PyPIReasons
{
    /// <summary>A file whose SHA-256 is not the index link's, or a requirement none of whose hashes the index lists.</summary>
    public const string HashMismatch = NpmReasons.IntegrityMismatch;

    /// <summary>A requirements file that is not pip's hash-checking form of pinned requirements.</summary>
    public const string RequirementsInvalid = NpmReasons.LockFileInvalid;

    /// <summary>A project page that is missing or malformed, lists no file of a release, or links a file without a sha256.</summary>
    public const string IndexInvalid = NpmReasons.MetadataInvalid;
}
