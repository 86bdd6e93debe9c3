namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>The outcome of `restore confirm`: whether a restore was waiting for it, and the marks now recorded.</summary>
internal sealed record RestoreConfirmResult(bool WasPending, IReadOnlyList<ConfirmedHighWater> Marks);
