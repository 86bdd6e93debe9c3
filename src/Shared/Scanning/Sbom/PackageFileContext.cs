namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>What a parser knows besides the file: its path, the image's distribution, where warnings go.</summary>
internal sealed record PackageFileContext(string Path, OsRelease? Os, Action<string> Warn);
