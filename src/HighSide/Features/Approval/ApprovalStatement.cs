using System.Text;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// The exact bytes an officer signs (UTF-8, LF line endings, trailing LF), binding the batch id, the
/// manifest's SHA-256 and the decision, and the minisign trusted comment that goes with them.
/// </summary>
internal static class ApprovalStatement
{
    public static string Text(string batchId, string manifestSha256, string decision, string? reason = null)
    {
        var builder = new StringBuilder()
            .Append("transferpipeline-approval v1\n")
            .Append("batch: ").Append(batchId).Append('\n')
            .Append("manifest-sha256: ").Append(manifestSha256).Append('\n')
            .Append("decision: ").Append(decision).Append('\n');
        if (decision == Decisions.Reject)
        {
            builder.Append("reason: ").Append(reason).Append('\n');
        }

        return builder.ToString();
    }

    public static byte[] Bytes(string batchId, string manifestSha256, string decision, string? reason = null) =>
        Encoding.UTF8.GetBytes(Text(batchId, manifestSha256, decision, reason));

    public static string TrustedComment(string batchId, string decision) => $"transferpipeline-approval batch:{batchId} decision:{decision}";
}
