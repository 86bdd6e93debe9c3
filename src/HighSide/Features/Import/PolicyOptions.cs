namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// The `Policy` section: what the high side itself accepts, whatever a trusted site sends. Empty
/// lists allow everything the trusted site sends.
/// </summary>
internal sealed class PolicyOptions
{
    public const string Section = "Policy";

    public List<string> AllowedKinds { get; } = [];

    /// <summary>Source prefixes, e.g. <c>registry.example:5000/library/</c> or <c>https://downloads.example/</c>.</summary>
    public List<string> AllowedSources { get; } = [];

    /// <summary>The largest batch accepted, all volumes together.</summary>
    public long MaxBatchBytes { get; set; } = 64L * 1024 * 1024 * 1024;
}
