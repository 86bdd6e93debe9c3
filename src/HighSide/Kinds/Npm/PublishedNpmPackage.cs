namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>A row of npm_packages: one published version and its registry entry (JSON text).</summary>
internal sealed record PublishedNpmPackage(string Name, string Version, string FileName, string Sha256, string Integrity, string Metadata,
    DateTimeOffset PublishedUtc);
