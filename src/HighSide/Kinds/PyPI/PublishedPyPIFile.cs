namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>A row of pypi_packages: one published distribution file and the attributes its link carries.</summary>
internal sealed record PublishedPyPIFile(string Name, string Version, string FileName, string Sha256, string? RequiresPython, string? Yanked);
