using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Approvals;

/// <summary>
/// The exact text an officer signs to decide on a batch, wherever the signature is made (on the server,
/// in the console, with `minisign -S` on the officer's own machine): UTF-8, LF line endings, a trailing
/// LF, binding the batch id, the SHA-256 of its signed manifest and the decision (and, for a rejection,
/// the reason). The minisign trusted comment that goes with it names the batch and the decision again.
/// </summary>
/// <example>
/// <code>
/// transferpipeline-approval v1
/// batch: site-a-000042
/// manifest-sha256: 0f3a…
/// decision: approve
/// </code>
/// </example>
public sealed record ApprovalStatement(string BatchId, string ManifestSha256, string Decision, string? Reason = null)
{
    public const string Header = "transferpipeline-approval v1";

    /// <summary>A statement is small; anything longer is not one.</summary>
    public const int MaxBytes = 16 * 1024;

    public string Text
    {
        get
        {
            var text = new StringBuilder()
                .Append(Header).Append('\n')
                .Append("batch: ").Append(BatchId).Append('\n')
                .Append("manifest-sha256: ").Append(ManifestSha256).Append('\n')
                .Append("decision: ").Append(Decision).Append('\n');
            if (Decision == Decisions.Reject)
            {
                text.Append("reason: ").Append(Reason).Append('\n');
            }

            return text.ToString();
        }
    }

    public byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    /// <summary>The minisign trusted comment signed with the statement.</summary>
    public string TrustedComment => TrustedCommentFor(BatchId, Decision);

    public static string TrustedCommentFor(string batchId, string decision) => $"transferpipeline-approval batch:{batchId} decision:{decision}";

    /// <summary>Reads a statement back from its exact text; anything that is not the text <see cref="Text"/> makes is refused.</summary>
    /// <exception cref="FormatException">The text is not a statement.</exception>
    public static ApprovalStatement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes || !text.EndsWith('\n') || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("an approval statement is at most 16 KiB of LF-terminated lines");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length is not (4 or 5) || lines[0] != Header)
        {
            throw new FormatException($"an approval statement starts with '{Header}' and has four or five lines");
        }

        var statement = new ApprovalStatement(
            Value(lines[1], "batch"), Value(lines[2], "manifest-sha256"), Value(lines[3], "decision"), lines.Length == 5 ? Value(lines[4], "reason") : null);
        return statement.Text == text && Decisions.IsKnown(statement.Decision) && BatchIdentifiers.IsBatchId(statement.BatchId)
            && Sha256Digest.IsHex(statement.ManifestSha256)
            ? statement
            : throw new FormatException("the text is not an approval statement as the high side writes it");
    }

    private static string Value(string line, string name) =>
        line.StartsWith(name + ": ", StringComparison.Ordinal) ? line[(name.Length + 2)..] : throw new FormatException($"expected '{name}: ...', got '{line}'");
}
