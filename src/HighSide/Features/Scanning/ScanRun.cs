using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>What one scan of a batch has gathered so far: findings per artifact, data versions and times, notes.</summary>
internal sealed class ScanRun
{
    private const int MaxIdLength = 512;

    public List<StoredFinding> Findings { get; } = [];

    public List<string> Versions { get; } = [];

    public List<DateTimeOffset?> DataTimes { get; } = [];

    public List<string> Notes { get; } = [];

    public int Files { get; set; }

    /// <summary>Adds findings of the artifact at <paramref name="position"/>; ids are made single-line, as a statement's waive line holds them.</summary>
    public void Add(long position, IEnumerable<ScanFinding> findings) =>
        Findings.AddRange(findings.Select(f => new StoredFinding(position, f with { Id = SingleLine(f.Id) })));

    /// <summary>The result; its data time is the oldest of the scanners' newest data, so one stale source shows.</summary>
    public ScanOutcome Outcome(string batchId, DateTimeOffset now) => new()
    {
        BatchId = batchId,
        Outcome = ScanOutcome.Done,
        DataVersions = string.Join(", ", Versions),
        DataTimeUtc = DataTimes.Where(t => t is not null).Min(),
        Files = Files,
        FinishedUtc = now,
    };

    private static string SingleLine(string id)
    {
        var clean = new string([.. id.Select(c => char.IsControl(c) ? '?' : c)]);
        return clean.Length <= MaxIdLength ? clean : clean[..MaxIdLength];
    }
}
