using Dapper;
using TransferPipeline.Shared.Persistence;
using static TransferPipeline.Shared.Audit.AuditAnchorStatus;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// Compares anchors with the log, lowest sequence first, in one read snapshot, and reports the first
/// that does not match. Checks only the anchored entries: that they still chain back to the start is
/// what verification checks.
/// </summary>
internal sealed class AuditAnchorChecker(Database database)
{
    private const int ShownHashLength = 16;

    public async Task<AuditAnchorCheck> CheckAsync(IEnumerable<AuditAnchor> anchors, CancellationToken cancellationToken)
    {
        var ordered = Validate(anchors).OrderBy(a => a.Sequence).ThenBy(a => a.Source, StringComparer.Ordinal).ToList();

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginSnapshotReadAsync(connection, cancellationToken);
        var last = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(sequence), 0) FROM audit_entries", transaction: transaction, cancellationToken: cancellationToken));

        var checkedCount = 0;
        foreach (var anchor in ordered)
        {
            checkedCount++;
            var hash = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT hash FROM audit_entries WHERE sequence = @Sequence",
                new { anchor.Sequence },
                transaction,
                cancellationToken: cancellationToken));
            if (Judge(anchor, hash, last, checkedCount) is { } failure)
            {
                return failure;
            }
        }

        return new AuditAnchorCheck(Valid, null, $"{checkedCount} anchors match the audit log", checkedCount);
    }

    private static AuditAnchorCheck? Judge(AuditAnchor anchor, string? hash, long last, int checkedCount)
    {
        var source = DisplayText.Printable(anchor.Source);
        if (hash is null)
        {
            var end = last == 0 ? "the log is empty" : $"the log ends at entry {last}";
            return new AuditAnchorCheck(Truncated, anchor,
                $"{end} but the anchor from {source} shows entry {anchor.Sequence}: the log was cut after the anchor was taken", checkedCount);
        }

        return string.Equals(hash, anchor.Hash, StringComparison.OrdinalIgnoreCase)
            ? null
            : new AuditAnchorCheck(Rewritten, anchor,
                $"audit entry {anchor.Sequence} has hash {Shown(hash)} but the anchor from {source} shows {Shown(anchor.Hash)}: "
                + "the history was rewritten",
                checkedCount);
    }

    private static string Shown(string hash) => DisplayText.Printable(hash, ShownHashLength);

    private static IEnumerable<AuditAnchor> Validate(IEnumerable<AuditAnchor> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        foreach (var anchor in anchors)
        {
            ArgumentNullException.ThrowIfNull(anchor, nameof(anchors));
            ArgumentOutOfRangeException.ThrowIfLessThan(anchor.Sequence, 1, nameof(anchors));
            ArgumentNullException.ThrowIfNull(anchor.Hash, nameof(anchors));
            ArgumentNullException.ThrowIfNull(anchor.Source, nameof(anchors));
            yield return anchor;
        }
    }
}
