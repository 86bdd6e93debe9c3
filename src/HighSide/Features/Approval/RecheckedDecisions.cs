using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// A batch's decisions as one publishing run reads them again before every artifact. Each read lists the rows afresh, so a
/// rejection, a removed approval or a changed signature is seen at once. But a statement's text is read, parsed and its
/// signature verified once a run, for as long as its row keeps the same signature and the same size of text and the
/// roster stays the same. A statement names every target of the plan: reading and verifying each one before every
/// artifact made publishing a batch of thousands of artifacts take time in the square of their number.
/// </summary>
/// <remarks>
/// A text changed in place under the same signature and size is not read again. That cannot make a decision count
/// that would not: the signature covers the text, so the text first read is the only one under that signature that
/// verifies.
/// </remarks>
internal sealed class RecheckedDecisions(ApprovalRepository approvals)
{
    private readonly Dictionary<long, ReadStatement> _statements = [];
    private readonly Dictionary<long, VerifiedStatement> _verified = [];
    private Task<string>? _scan;

    /// <summary>
    /// The batch's scan line as the run first read it, for the whole run: publishing a batch's scanner data switches scanning on
    /// half-way, and the approvals, signed before, must not stop counting at its next artifact.
    /// </summary>
    public Task<string> ScanAsOfStartAsync(Func<Task<string>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _scan ??= read();
    }

    public async Task<IReadOnlyList<ApprovalRecord>> ReadAsync(string batchId, CancellationToken cancellationToken)
    {
        var records = new List<ApprovalRecord>();
        foreach (var heading in await approvals.HeadingsForBatchAsync(batchId, cancellationToken))
        {
            if (!_statements.TryGetValue(heading.Id, out var read) || read.Signature != heading.Signature || read.Bytes != heading.StatementBytes)
            {
                var text = heading.StatementBytes is null ? null : await approvals.StatementAsync(heading.Id, cancellationToken);
                read = new ReadStatement(heading.Signature, heading.StatementBytes, text);
                _statements[heading.Id] = read;
            }

            records.Add(heading.WithStatement(read.Text));
        }

        return records;
    }

    /// <summary><see cref="DecisionCheck.Verify"/>, done again only when the text, the signature or the roster differ.</summary>
    public Outcome<SignedDecision> Verify(DecisionContext context, string decision, ApprovalRecord approval, string statementText)
    {
        // The text compares by reference first: while its row is unchanged, it is the very string read before.
        var key = new VerificationKey(statementText, approval.Signature, decision, context.Batch.Id, context.Roster.Sha256);
        if (_verified.TryGetValue(approval.Id, out var known) && known.Key == key)
        {
            return known.Outcome;
        }

        var outcome = DecisionCheck.Verify(context, decision, statementText, approval.Signature);
        _verified[approval.Id] = new VerifiedStatement(key, outcome);
        return outcome;
    }

    private sealed record ReadStatement(string Signature, long? Bytes, string? Text);

    // The roster's hash is of its signed document, which holds its version.
    private sealed record VerificationKey(string Text, string Signature, string Decision, string BatchId, string RosterSha256);

    private sealed record VerifiedStatement(VerificationKey Key, Outcome<SignedDecision> Outcome);
}
