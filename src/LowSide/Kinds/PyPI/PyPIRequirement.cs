using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>One requirement of a hash-checking requirements file: the pinned release and the SHA-256s its files may have.</summary>
internal sealed record PyPIRequirement(PyPIPin Pin, IReadOnlySet<string> Hashes);
