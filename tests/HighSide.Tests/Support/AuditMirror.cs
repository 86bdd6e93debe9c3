namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>The high side's JSON-lines copy of the audit trail, read as an auditor would.</summary>
internal static class AuditMirror
{
    /// <summary>The lines recording <paramref name="action"/> that mention every one of <paramref name="words"/>.</summary>
    public static IReadOnlyList<string> Lines(HighSideHarness highSide, string action, params string[] words)
    {
        var path = Path.Combine(highSide.Data.Root, "audit.jsonl");
        return File.Exists(path)
            ? [.. File.ReadLines(path).Where(l => l.Contains($"\"{action}\"", StringComparison.Ordinal)
                && words.All(w => l.Contains(w, StringComparison.Ordinal)))]
            : [];
    }
}
