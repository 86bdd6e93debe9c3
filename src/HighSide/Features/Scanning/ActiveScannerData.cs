using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Where the scanners' data is: the ClamAV signatures (Scanning:ClamAv:Database) and the OSV records (Scanning:Osv:Database).</summary>
internal sealed class ActiveScannerData(IOptions<ScanningOptions> options)
{
    public bool ScanningOn => options.Value.IsOn(databaseCanArrive: false);

    public string? ClamAvDatabase => options.Value.ClamAv.Database;

    public string? OsvDatabase => options.Value.Osv.Database;
}
