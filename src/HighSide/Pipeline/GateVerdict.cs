using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>A gate's verdict on a batch: pass, hold (saying what it waits for), or refuse (with the reason code).</summary>
internal sealed record GateVerdict(GateDecision Decision, string? WaitingFor, Failure? Reason)
{
    public static GateVerdict Pass { get; } = new(GateDecision.Pass, null, null);

    public static GateVerdict Hold(string waitingFor) => new(GateDecision.Hold, waitingFor, null);

    public static GateVerdict Refuse(Failure reason) => new(GateDecision.Refuse, null, reason);
}
