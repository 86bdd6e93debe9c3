using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Approvals;

/// <summary>
/// The exact text an officer signs to decide on a batch, wherever the signature is made (on the server,
/// in the console, with `highside sign` or `minisign -S` on the officer's own machine): UTF-8, LF line
/// endings, a trailing LF. It binds the batch id, the SHA-256 of its signed manifest, the officer roster
/// in force, the audit trail's head when the statement was made (so the signature pins the history up to
/// there), the batch's scan as the audit trail recorded it (or that scanning is off), the publish plan (every target the
/// batch will be published to, one `publish:` line each, and the SHA-256 of those lines), the scan findings the officer
/// accepts (one `waive:` line each, in ordinal order; none when nothing blocks the batch), and the decision; a rejection adds
/// its reason. The minisign trusted
/// comment that goes with it names the batch and the decision again.
/// </summary>
/// <example>
/// <code>
/// transferpipeline-approval v3
/// batch: site-a-000042
/// manifest-sha256: 0f3a…
/// roster: 2 9c1e…
/// audit-head: 57 5be0…
/// scan: completed 41d2…
/// publish-plan-sha256: 77d1…
/// publish: file /srv/mirror/files/tool.bin sha256:4b2f…
/// decision: approve
/// </code>
/// </example>
public sealed record ApprovalStatement(
    string BatchId,
    string ManifestSha256,
    StatementAnchor Roster,
    StatementAnchor AuditHead,
    string? Scan,
    IReadOnlyList<string> PublishPlan,
    string Decision,
    string? Reason = null,
    IReadOnlyList<string>? Waived = null)
{
    public const string Header = "transferpipeline-approval v3";

    /// <summary>
    /// The version before statements named the scan (<see cref="Scan"/> null). Still read, as an audit anchor and as a rejection;
    /// it no longer approves.
    /// </summary>
    public const string HeaderWithoutScan = "transferpipeline-approval v2";

    /// <summary>The scan line when scanning is off: neither gate looked at the batch.</summary>
    public const string ScanOff = "off";

    /// <summary>The scan line of a batch with no scan recorded (not yet scanned, or its result forgotten for a rescan).</summary>
    public const string ScanNone = "none";

    private static readonly string[] ScanOutcomes = ["completed", "failed", "skipped"];

    /// <summary>A statement is small next to this; anything longer is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>A rejection's reason: one line of at most this many characters.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// The most a plan's lines may take in a statement (each with its "publish: " and its LF), so that a rejection of any
    /// batch that can be planned fits in <see cref="MaxBytes"/> and an officer can always end it. The other lines of a
    /// rejection take at most 3,550 bytes: a 48-character batch id, 19-digit anchors, a scan line naming a completed scan, and a reason of
    /// <see cref="MaxReasonLength"/> characters at 3 bytes each. An approval's waivers are not counted: one whose waivers
    /// do not fit is refused before it is signed, and the batch can still be rejected.
    /// </summary>
    public const int MaxPlanBytes = MaxBytes - (4 * 1024);

    private const string PlanPrefix = "publish: ";

    private const string WaiverPrefix = "waive: ";

    /// <summary>The ids of the scan findings the officer accepts by signing, in ordinal order without repeats.</summary>
    public IReadOnlyList<string> Waivers => [.. (Waived ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>SHA-256 (hex) of the plan's lines, each followed by LF.</summary>
    public string PublishPlanSha256 => PlanSha256(PublishPlan);

    public string Text => Build().ToString();

    public byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    /// <summary>
    /// The length of <see cref="Text"/> in UTF-8, encoded a chunk at a time rather than whole; one encoder for all the
    /// chunks, as a character outside the BMP can be split between two of them.
    /// </summary>
    public long ByteCount
    {
        get
        {
            var encoder = Encoding.UTF8.GetEncoder();
            Span<byte> scratch = stackalloc byte[4096];
            long count = 0;
            foreach (var chunk in Build().GetChunks())
            {
                for (var chars = chunk.Span; !chars.IsEmpty;)
                {
                    encoder.Convert(chars, scratch, flush: false, out var used, out var written, out _);
                    count += written;
                    chars = chars[used..];
                }
            }

            encoder.Convert([], scratch, flush: true, out _, out var last, out _);
            return count + last;
        }
    }

    /// <summary>What a plan's lines take in a statement: each line's UTF-8 with its "publish: " and its LF.</summary>
    public static long PlanBytes(IEnumerable<string> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        long bytes = 0;
        foreach (var line in plan)
        {
            bytes += PlanPrefix.Length + Encoding.UTF8.GetByteCount(line) + 1;
        }

        return bytes;
    }

    /// <summary>
    /// What an officer's minisign signature covers: BLAKE2b-512 of a statement's exact text, taken a block at a time, so
    /// the text of a large plan is not encoded whole.
    /// </summary>
    public static byte[] Prehash(string text) => Blake2bHash.ComputeUtf8(text, 64);

    /// <summary>The minisign trusted comment signed with the statement.</summary>
    public string TrustedComment => TrustedCommentFor(BatchId, Decision);

    public static string TrustedCommentFor(string batchId, string decision) => $"transferpipeline-approval batch:{batchId} decision:{decision}";

    // Line by line: a plan of thousands of artifacts is checked before each one is published, and one string or array of it
    // all would be a large object every time.
    public static string PlanSha256(IEnumerable<string> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in plan)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(line));
            sha.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public bool Equals(ApprovalStatement? other) => other is not null && Text == other.Text;

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    /// <summary>Reads a statement back from its exact text; anything that is not the text <see cref="Text"/> makes is refused.</summary>
    /// <exception cref="FormatException">The text is not a statement.</exception>
    public static ApprovalStatement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes || !text.EndsWith('\n') || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("an approval statement is at most 1 MiB of LF-terminated lines");
        }

        var lines = text.Split('\n')[..^1];
        var withScan = lines.Length > 0 && lines[0] == Header;
        if (lines.Length < 8 || !(withScan || lines[0] == HeaderWithoutScan))
        {
            throw new FormatException($"an approval statement starts with '{Header}'");
        }

        var first = withScan ? 7 : 6;
        var planLines = lines.Skip(first).TakeWhile(l => l.StartsWith(PlanPrefix, StringComparison.Ordinal)).Count();
        var plan = StatementPlanLines.Of(text, lines, first, planLines, PlanPrefix.Length);
        var waivers = lines.Skip(first + plan.Count).TakeWhile(l => l.StartsWith(WaiverPrefix, StringComparison.Ordinal))
            .Select(l => l[WaiverPrefix.Length..]).ToList();
        var rest = lines.Skip(first + plan.Count + waivers.Count).ToList();
        var statement = new ApprovalStatement(
            Value(lines[1], "batch"),
            Value(lines[2], "manifest-sha256"),
            StatementAnchor.Parse(Value(lines[3], "roster")),
            StatementAnchor.Parse(Value(lines[4], "audit-head")),
            withScan ? Value(lines[5], "scan") : null,
            plan,
            rest.Count > 0 ? Value(rest[0], "decision") : throw new FormatException("the statement has no decision"),
            rest.Count > 1 ? Value(rest[1], "reason") : null,
            waivers);
        var wellFormed = statement.Build().Equals(text.AsSpan()) && Decisions.IsKnown(statement.Decision) && BatchIdentifiers.IsBatchId(statement.BatchId)
            && Sha256Digest.IsHex(statement.ManifestSha256) && (statement.Scan is null || IsScanState(statement.Scan))
            && Value(lines[first - 1], "publish-plan-sha256") == statement.PublishPlanSha256;
        return wellFormed ? statement : throw new FormatException("the text is not an approval statement as the high side writes it");
    }

    /// <summary>
    /// A scan line's value: <see cref="ScanOff"/>, <see cref="ScanNone"/>, or the latest scan's outcome (completed, failed,
    /// skipped) and the SHA-256 its audit entry recorded of the outcome and findings, in lower-case hex.
    /// </summary>
    public static bool IsScanState(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is ScanOff or ScanNone)
        {
            return true;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && ScanOutcomes.Contains(value[..space], StringComparer.Ordinal) && Sha256Digest.IsHex(value[(space + 1)..]);
    }

    /// <summary>A scan line in words, for whoever signs it: what it means that the batch was not scanned is said in capitals.</summary>
    public static string ScanInWords(string? scan) => scan switch
    {
        null => "not named (a statement of version 2: it can reject, not approve)",
        ScanOff => "OFF: scanning is off at this site; nothing in this batch was scanned for malware or vulnerabilities",
        ScanNone => "NONE: no scan of this batch is recorded; nothing in it was scanned",
        _ when scan.StartsWith("failed ", StringComparison.Ordinal) => $"FAILED: the batch's latest scan did not finish ({scan})",
        _ when scan.StartsWith("skipped ", StringComparison.Ordinal) =>
            $"SKIPPED: scanner data only, and no ClamAV database was in force to scan it ({scan})",
        _ => $"{scan} (the outcome and result hash `highside batch show` prints)",
    };

    /// <summary>Whether a scan line says the batch's content was not scanned in full: anything but a completed scan.</summary>
    public static bool SaysUnscanned(string? scan) => scan is not null && !scan.StartsWith("completed ", StringComparison.Ordinal);

    private static string Value(string line, string name) =>
        line.StartsWith(name + ": ", StringComparison.Ordinal)
            ? line[(name.Length + 2)..]
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected '{name}: ...', got '{line}'"));

    // Chunked, so a statement of a large plan is compared with its signed text without being made one large string again.
    private StringBuilder Build()
    {
        var text = new StringBuilder()
            .Append(Scan is null ? HeaderWithoutScan : Header).Append('\n')
            .Append("batch: ").Append(BatchId).Append('\n')
            .Append("manifest-sha256: ").Append(ManifestSha256).Append('\n')
            .Append("roster: ").Append(Roster).Append('\n')
            .Append("audit-head: ").Append(AuditHead).Append('\n');
        if (Scan is not null)
        {
            text.Append("scan: ").Append(Scan).Append('\n');
        }

        text.Append("publish-plan-sha256: ").Append(PublishPlanSha256).Append('\n');
        foreach (var line in PublishPlan)
        {
            text.Append(PlanPrefix).Append(line).Append('\n');
        }

        foreach (var waiver in Waivers)
        {
            text.Append(WaiverPrefix).Append(waiver).Append('\n');
        }

        text.Append("decision: ").Append(Decision).Append('\n');
        if (Decision == Decisions.Reject)
        {
            text.Append("reason: ").Append(Reason).Append('\n');
        }

        return text;
    }
}
