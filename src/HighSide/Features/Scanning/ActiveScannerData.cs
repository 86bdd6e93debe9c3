using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Kinds.ScannerData;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Which scanner data is in force: for each scanner the newest scanner-data artifact published here, otherwise the directory
/// configured (Scanning:ClamAv:Database, Scanning:Osv:Database). Read from the database each time, so a publish by the CLI
/// is in force in the daemon at once. Scanning is on when either is configured or activated, unless Scanning:Enabled says no.
/// </summary>
internal sealed class ActiveScannerData(IOptions<ScanningOptions> options, ScannerDataRepository activations)
{
    public async Task<bool> ScanningOnAsync(CancellationToken cancellationToken) =>
        options.Value.Enabled ?? options.Value.IsOn(databaseCanArrive: (await activations.AllAsync(cancellationToken)).Count > 0);

    public async Task<string?> ClamAvDatabaseAsync(CancellationToken cancellationToken) =>
        (await activations.NewestAsync(ScannerDataFiles.ClamAv, cancellationToken))?.Directory ?? options.Value.ClamAv.Database;

    public async Task<string?> OsvDatabaseAsync(CancellationToken cancellationToken) =>
        (await activations.NewestAsync(ScannerDataFiles.Osv, cancellationToken))?.Directory ?? options.Value.Osv.Database;
}
