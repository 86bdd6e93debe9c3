using System.Text;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>
/// The declared life of a batch on the high side, in order: copy, verify, assemble, rest in `verified`,
/// each registered gate, publish. Start-up recovery and the state diagram in docs/architecture.md are
/// derived from this one list; a new gate appears in both by being registered.
/// </summary>
internal sealed class BatchLifecycle(BatchPipeline pipeline, BatchAssembler assembler, BatchRepository batches, IBatchSignals signals,
    ILogger<BatchLifecycle> logger)
{
    public IReadOnlyList<BatchStep> Steps
    {
        get
        {
            var gates = pipeline.Gates;
            var afterVerified = gates.Count > 0 ? gates[0].HoldState : BatchStates.Approved;
            List<BatchStep> steps =
            [
                new("copy", "each volume is copied from the media into quarantine/.incoming; links, devices, set-id bits and the quota are refused first",
                    [], [new(null, BatchStates.Refused, "unsafe file on the media, quota")], null),
                new("verify", "the copy is verified: signature, trusted key for its site, sequence, expiry, every byte",
                    [], [new(null, BatchStates.Assembling, "a volume verified"), new(null, BatchStates.Refused, "verification or policy refused")], null),
                new("assemble", "waits for every volume, reassembles the blobs, waits for blobs an earlier batch ships",
                    [BatchStates.Assembling, BatchStates.WaitingForBlobs],
                    [
                        new(BatchStates.Assembling, BatchStates.WaitingForBlobs, "references blobs not published here yet"),
                        new(BatchStates.Assembling, BatchStates.Verified, "all volumes in, blobs reassembled"),
                        new(BatchStates.WaitingForBlobs, BatchStates.Verified, "the earlier batch was published"),
                        new(BatchStates.Assembling, BatchStates.Refused, "a blob does not match its digest"),
                    ],
                    ResumeAssemblyAsync),
                new("verified", "rests until the gates take it (the BatchVerified event)",
                    [BatchStates.Verified], [new(BatchStates.Verified, afterVerified, "BatchVerified")], (b, ct) => signals.BatchVerifiedAsync(b.Id, ct)),
            ];
            for (var i = 0; i < gates.Count; i++)
            {
                var gate = gates[i];
                var next = i + 1 < gates.Count ? gates[i + 1].HoldState : BatchStates.Approved;
                steps.Add(new(gate.Name, $"gate: held in {gate.HoldState} until it passes", [gate.HoldState],
                    [new(gate.HoldState, next, $"{gate.Name} passes"), new(gate.HoldState, gate.RefusedState, $"{gate.Name} refuses")],
                    (b, ct) => pipeline.AdvanceAsync(b.Id, ct)));
            }

            steps.Add(new("publish", "approved batches are published to the mirrors, artifact by artifact, resumably",
                [BatchStates.Approved, BatchStates.Publishing],
                [
                    new(BatchStates.Approved, BatchStates.Publishing, "publish starts"),
                    new(BatchStates.Publishing, BatchStates.Published, "every artifact published"),
                    new(BatchStates.Publishing, BatchStates.Refused, "quarantine altered after verification"),
                ],
                (b, ct) => signals.BatchClearedAsync(b.Id, ct)));
            return steps;
        }
    }

    /// <summary>
    /// Picks up every batch a stopped process left in a step, in the order of the steps, except those in
    /// <paramref name="heldByLiveWorkers"/>: another worker is at work on them.
    /// </summary>
    public async Task ResumeAsync(Action<BatchRecord, BatchStep> announce, IReadOnlySet<string> heldByLiveWorkers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heldByLiveWorkers);
        foreach (var step in Steps.Where(s => s.ResumeAsync is not null && s.States.Count > 0))
        {
            foreach (var batch in (await batches.InStatesAsync(step.States, cancellationToken)).Where(b => !heldByLiveWorkers.Contains(b.Id)))
            {
                announce(batch, step);
                await step.ResumeAsync!(batch, cancellationToken);
            }
        }
    }

    /// <summary>Wakes the step that has <paramref name="batch"/> in its state; false when no step resumes that state (a final one).</summary>
    public async Task<bool> ResumeAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Steps.FirstOrDefault(s => s.ResumeAsync is not null && s.States.Contains(batch.State)) is not { } step)
        {
            return false;
        }

        await step.ResumeAsync!(batch, cancellationToken);
        return true;
    }

    /// <summary>The state diagram (Mermaid), as docs/architecture.md shows it.</summary>
    public string Diagram()
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        foreach (var transition in Steps.SelectMany(s => s.Transitions))
        {
            text.Append("    ").Append(transition.From is null ? "[*]" : Id(transition.From)).Append(" --> ").Append(Id(transition.To))
                .Append(" : ").Append(transition.Why).Append('\n');
        }

        text.Append("    ").Append(Id(BatchStates.Published)).Append(" --> [*]\n");
        return text.ToString();

        static string Id(string state) => state.Replace('-', '_');
    }

    // A batch still waiting for volumes stays as it is: the next import of its missing volume completes it. A full disk
    // leaves it assembling, for the import run again once space is freed, and does not stop the worker's start.
    private async Task ResumeAssemblyAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (batch.State == BatchStates.WaitingForBlobs || (await batches.VolumeNumbersAsync(batch.Id, cancellationToken)).Count == batch.VolumeCount)
        {
            try
            {
                await assembler.CompleteAsync(batch.Id, null, cancellationToken);
            }
            catch (IOException ex) when (Shared.FileSystem.DiskSpace.IsFull(ex))
            {
                logger.LogError("Batch {BatchId} stays {State}: the disk under quarantine is full ({Message}); free space and import it again",
                    batch.Id, batch.State, ex.Message);
            }
        }
    }
}
