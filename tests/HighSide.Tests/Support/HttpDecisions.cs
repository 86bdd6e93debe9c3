using System.Text;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>What an officer uploads over HTTP: the statement the API gives for a batch, signed on their side with their key.</summary>
internal static class HttpDecisions
{
    /// <summary>The statement of <paramref name="statementBatchId"/>, signed with a trusted comment naming <paramref name="signedBatchId"/>.</summary>
    public static async Task<DecisionBody> SignAsync(HttpClient http, OfficerKey officer, string statementBatchId, string? signedBatchId = null)
    {
        var statement = await http.GetStringAsync(new Uri($"batches/{statementBatchId}/statement", UriKind.Relative));
        using var key = officer.Load();
        var signature = key.SignPrehashed(Blake2bHash.Compute(Encoding.UTF8.GetBytes(statement), 64),
            ApprovalStatement.TrustedCommentFor(signedBatchId ?? statementBatchId, Decisions.Approve), "http test").ToFileText();
        return new DecisionBody(statement, signature);
    }
}
