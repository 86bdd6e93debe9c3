namespace TransferPipeline.Shared.Tests.Support;

/// <summary>What an external tool printed and how it exited.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError);
