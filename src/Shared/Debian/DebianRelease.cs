namespace TransferPipeline.Shared.Debian;

/// <summary>What the repository's signed Release said of itself, for people and scanners to read (each field optional).</summary>
public sealed record DebianRelease
{
    public string? Origin { get; init; }
    public string? Label { get; init; }
    public string? Codename { get; init; }
    public string? Version { get; init; }
    public string? Date { get; init; }
}
