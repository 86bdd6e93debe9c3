using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Where the scanners' data is: the ClamAV signature directory configured in Scanning:ClamAv:Database.</summary>
internal sealed class ActiveScannerData(IOptions<ScanningOptions> options)
{
    public bool ScanningOn => options.Value.IsOn(databaseCanArrive: false);

    public string? ClamAvDatabase => options.Value.ClamAv.Database;
}
