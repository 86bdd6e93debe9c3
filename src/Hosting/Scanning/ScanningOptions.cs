using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Hosting.Scanning;

/// <summary>
/// The `Scanning` section, the same on both sides: which scanners run on gathered and imported artifacts.
/// Scanning is on once a scanner is configured, unless <see cref="Enabled"/> says otherwise.
/// </summary>
public sealed class ScanningOptions
{
    public const string Section = "Scanning";

    /// <summary>Null: on when a scanner is configured. True with no scanner configured is refused at start on the low side.</summary>
    public bool? Enabled { get; set; }

    public ClamAvOptions ClamAv { get; set; } = new();

    public OsvOptions Osv { get; set; } = new();

    public SbomOptions Sbom { get; set; } = new();

    /// <summary>A site's own scanners (Trivy, Grype), run on each artifact; their SARIF or CycloneDX-VEX output becomes findings.</summary>
    public List<ScannerCommandOptions> Commands { get; set; } = [];

    public bool IsOn(bool databaseCanArrive) => Enabled ?? (ClamAv.Database is not null || Osv.Database is not null || Commands.Count > 0 || databaseCanArrive);
}
