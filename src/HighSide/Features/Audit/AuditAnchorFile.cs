using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>
/// Reads the audit head a file pins: a receipt the low side kept (its auditHead) or an approval statement
/// an officer signed (its audit-head line). Both were made by this high side and are kept out of its
/// operators' reach, so the entry they name must still be in the trail as it was.
/// </summary>
internal static class AuditAnchorFile
{
    private const long MaxBytes = ReceiptFormat.MaxBytes;

    /// <exception cref="FormatException">The file is neither a receipt with an audit head nor a statement.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AuditAnchor Read(string file)
    {
        if (new FileInfo(file).Length > MaxBytes)
        {
            throw new FormatException($"{file} is larger than a receipt or a statement can be");
        }

        var bytes = File.ReadAllBytes(file);
        try
        {
            var statement = ApprovalStatement.Parse(Encoding.UTF8.GetString(bytes));
            return new AuditAnchor(statement.AuditHead.Number, statement.AuditHead.Hash, $"statement {Path.GetFileName(file)}");
        }
        catch (FormatException)
        {
            // Not a statement: perhaps a receipt.
        }

        try
        {
            return ReceiptFormat.Deserialize(bytes)?.AuditHead is { } head
                ? new AuditAnchor(head.Sequence, head.Hash, $"receipt {Path.GetFileName(file)}")
                : throw new FormatException($"{file} is a receipt without an audit head (format 1)");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{file} is neither an approval statement nor a receipt: {ex.Message}", ex);
        }
    }
}
