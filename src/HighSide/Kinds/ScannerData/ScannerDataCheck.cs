using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Scanning.Osv;

namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>
/// Proves unpacked scanner data usable before it is activated: ClamAV signatures must load in the real clamscan (it scans
/// a small probe file with them), OSV records must all read. Data that does not is never put in force.
/// </summary>
internal sealed class ScannerDataCheck(IOptions<ScanningOptions> scanning)
{
    private const string ProbeText = "TransferPipeline: do these ClamAV signatures load?\n";

    private static readonly string[] DetectionsOff = [".fp", ".sfp", ".ign", ".ign2"];

    public async Task<ScannerDataVersion> CheckAsync(string name, string directory, string digest, CancellationToken cancellationToken) =>
        name == ScannerDataFiles.ClamAv ? await ClamAvAsync(directory, cancellationToken) : Osv(directory, digest, cancellationToken);

    private async Task<ScannerDataVersion> ClamAvAsync(string directory, CancellationToken cancellationToken)
    {
        if (ClamAvDatabase.SignatureFiles(directory).Count == 0)
        {
            throw Unusable("the ClamAV data holds no signature files (.cvd, .cld, .hsb, .ndb, ...) at its top level");
        }

        // Files that turn detections off: an allow-list of hashes (.fp, .sfp) or of signature names to ignore (.ign, .ign2).
        // They are a site's own decision, kept in Scanning:ClamAv:Database; imported, they would clear whatever they name.
        if (Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .FirstOrDefault(f => DetectionsOff.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)) is { } off)
        {
            throw Unusable($"the ClamAV data holds {Path.GetFileName(off)}, an allow-list or ignore list that turns detections off; "
                + "such lists are never imported, only kept in the site's own Scanning:ClamAv:Database");
        }

        // The probe lies next to the database directory, never in it: clamscan would try to load it as signatures.
        var probe = Path.TrimEndingDirectorySeparator(directory) + ".probe";
        await System.IO.File.WriteAllTextAsync(probe, ProbeText, cancellationToken);
        try
        {
            await new ClamScan(scanning.Value.ClamAv, directory).ScanAsync([new ScanTarget(probe, "probe")], cancellationToken);
            return new ScannerDataVersion(ClamAvDatabase.DescribeVersion(directory), ClamAvDatabase.NewestSignatureTime(directory), null);
        }
        catch (ScannerFailedException ex)
        {
            throw Unusable($"the ClamAV signatures do not load: {ex.Message}");
        }
        finally
        {
            System.IO.File.Delete(probe);
        }
    }

    private static ScannerDataVersion Osv(string directory, string digest, CancellationToken cancellationToken)
    {
        try
        {
            var records = OsvDatabase.Load(directory, cancellationToken);
            return records.RecordCount == 0
                ? throw Unusable("the OSV data holds no records")
                : new ScannerDataVersion("osv:" + BatchFileNames.DigestHex(digest)[..12], records.NewestModified, records.RecordCount);
        }
        catch (OsvDataException ex)
        {
            throw Unusable($"the OSV records do not read: {ex.Message}");
        }
    }

    private static PublishException Unusable(string why) => new(PublishReasons.ScannerDataUnusable, why);
}
