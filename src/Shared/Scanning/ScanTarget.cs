namespace TransferPipeline.Shared.Scanning;

/// <summary>One file to scan, and what a finding in it is reported against (a layer digest, a file name).</summary>
public sealed record ScanTarget(string Path, string Subject);
