using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// What an approval statement's scan line says of a batch: that scanning is off (neither scan gate looks at any batch), that
/// no scan is recorded, or the latest scan's outcome and result hash as its audit entry recorded them. An approval counts
/// only while the line it signed is still the batch's, so switching scanning off, or a scan result changed after the
/// officers signed, leaves the batch unapproved.
/// </summary>
internal sealed class StatementScan(ActiveScannerData data, ScanRepository scans)
{
    public async Task<string> OfBatchAsync(string batchId, CancellationToken cancellationToken) =>
        !await data.ScanningOnAsync(cancellationToken)
            ? ApprovalStatement.ScanOff
            : await scans.RecordedStateAsync(batchId, cancellationToken) ?? ApprovalStatement.ScanNone;
}
