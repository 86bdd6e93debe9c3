namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>How a <see cref="DebTool"/> run ended: its exit code and the end of what it wrote to standard error.</summary>
internal sealed record DebToolResult(int ExitCode, string StandardError);
