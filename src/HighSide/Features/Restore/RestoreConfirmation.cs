using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>
/// `highside restore confirm`: records the replay high-water mark of each low-side site, from a receipt this high side signed
/// before the restore (carried back from the low side, which keeps every receipt) or from an operator's acknowledgement, and
/// lifts the restore's refusal of import and publish; one audited unit of work. A mark only ever rises.
/// </summary>
internal sealed class RestoreConfirmation(SiteKey siteKey, IOptions<SiteOptions> site, TrustRepository trust, AuditTrail audit)
{
    public async Task<Outcome<RestoreConfirmResult>> ConfirmAsync(RestoreConfirmRequest request, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var marks = new Dictionary<string, ConfirmedHighWater>(StringComparer.Ordinal);
        string? receiptSha256 = null;
        if (request.ReceiptFile is { } file)
        {
            var read = await ReadReceiptAsync(file, ct);
            if (!read.IsOk)
            {
                return read.Error;
            }

            receiptSha256 = read.Value.Sha256;
            foreach (var imported in read.Value.Receipt.ImportedSequences.GroupBy(s => s.SiteId))
            {
                marks[imported.Key] = new ConfirmedHighWater(imported.Key, imported.Max(s => s.Sequence), "receipt");
            }
        }

        if (request.LastSequence is { } last)
        {
            var siteId = request.SiteId ?? await OnlyTrustedSiteAsync(ct);
            if (siteId is null)
            {
                return new Failure(RestoreReasons.SiteRequired, "name the low-side site the sequence belongs to with --site", FailureKind.Usage);
            }

            if (!marks.TryGetValue(siteId, out var known) || known.Sequence < last)
            {
                marks[siteId] = new ConfirmedHighWater(siteId, last, "operator");
            }
        }

        await using var unit = await audit.BeginAsync(ct);
        var wasPending = await unit.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM settings WHERE name = @name", new { name = RestoreMarks.Pending }, unit.Transaction, cancellationToken: ct)) > 0;
        foreach (var mark in marks.Values)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO settings (name, value) VALUES (@name, @value)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS BIGINT) > CAST(settings.value AS BIGINT)
                """,
                new { name = RestoreMarks.HighWater(mark.SiteId), value = mark.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                unit.Transaction, cancellationToken: ct));
        }

        var confirmed = marks.Values.OrderBy(m => m.SiteId, StringComparer.Ordinal).ToList();
        await unit.RecordAsync(actor, "restore.confirmed", site.Value.Id,
            new { wasPending, marks = confirmed, receipt = request.ReceiptFile, receiptSha256 }, ct);
        await unit.CommitAsync(ct);
        return new RestoreConfirmResult(wasPending, confirmed);
    }

    private async Task<string?> OnlyTrustedSiteAsync(CancellationToken ct)
    {
        var sites = (await trust.ListAsync(ct)).Where(k => k.RevokedUtc is null).Select(k => k.SiteId).Distinct().ToList();
        return sites.Count == 1 ? sites[0] : null;
    }

    /// <summary>A receipt this high side wrote and signed with its own key, naming itself: read whole, within the receipt size limit.</summary>
    private async Task<Outcome<(Receipt Receipt, string Sha256)>> ReadReceiptAsync(string file, CancellationToken ct)
    {
        var signatureFile = file + ".minisig";
        if (!File.Exists(file) || !File.Exists(signatureFile) || new FileInfo(file).Length > ReceiptFormat.MaxBytes)
        {
            return Refused($"{file} and {signatureFile} must both exist, the receipt within {ReceiptFormat.MaxBytes} bytes");
        }

        try
        {
            var signature = MinisignSignature.Load(signatureFile);
            var bytes = await File.ReadAllBytesAsync(file, ct);
            using var stream = new MemoryStream(bytes, writable: false);
            var verification = await MinisignVerifier.VerifyAsync([siteKey.LoadPublicKey()], stream, signature, allowLegacy: false, ct);
            var receipt = verification.IsValid ? ReceiptFormat.Deserialize(bytes) : null;
            return receipt is null || receipt.SiteId != site.Value.Id || signature.TrustedComment != ReceiptFormat.TrustedComment(receipt)
                ? Refused($"{file} is not a receipt this high side ({site.Value.Id}) signed: {verification.Status}")
                : (receipt, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        catch (Exception ex) when (ex is MinisignFormatException or JsonException)
        {
            return Refused($"{file} is not a signed receipt: {ex.Message}");
        }
    }

    private static Failure Refused(string message) => new(RestoreReasons.ReceiptRefused, message, FailureKind.Invalid);
}
