namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>The verdict for one entry and version, with the first fixed version after it when the data names one.</summary>
internal readonly record struct OsvCheck(OsvVerdict Verdict, string? FixedVersion = null);
