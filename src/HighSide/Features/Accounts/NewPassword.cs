namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>An account after `account add` or `reset-password`, and the one-time password to hand over when the service made one.</summary>
internal sealed record NewPassword(AccountRecord Account, string? Generated);
