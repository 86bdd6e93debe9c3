namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// One anchor of a PEP 503 project page: the file's absolute URL (its fragment removed), its file name (the URL's last
/// segment), the SHA-256 of its <c>#sha256=</c> fragment (lowercase; null when there was none) and the attributes served again.
/// </summary>
internal sealed record PyPILink(Uri Url, string FileName, string? Sha256, string? RequiresPython, string? Yanked);
