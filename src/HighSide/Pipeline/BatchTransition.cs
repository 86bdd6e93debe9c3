namespace TransferPipeline.HighSide.Pipeline;

/// <summary>One arrow of a batch's life: from a state (null: a new batch) to another, and why.</summary>
internal sealed record BatchTransition(string? From, string To, string Why);
