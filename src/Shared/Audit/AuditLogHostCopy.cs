using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// A log host's copy of one side's audit messages (<c>Audit:Syslog</c>) as the log host keeps them: one message per line,
/// whatever header its syslog daemon writes (RFC 5424, the local form, rsyslog's or journald's file format), then the entry
/// as JSON. Each line from the side's program that holds an entry's sequence and hash is an anchor: the log host got it
/// when the entry was appended, so it shows what the trail held then, including entries a rewrite later replaced under
/// the same sequence numbers (the rewritten trail's messages reach the log host too, and are kept beside them).
/// </summary>
public static partial class AuditLogHostCopy
{
    /// <summary>Longer lines are no message of ours (a local daemon takes 8 KiB at most) and are skipped unread.</summary>
    public const int MaxLineChars = 64 * 1024;

    /// <summary>The anchors in each of <paramref name="files"/>, in order.</summary>
    /// <exception cref="FormatException">A file holds no message from <paramref name="program"/>.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static IReadOnlyList<AuditAnchor> ReadAll(IEnumerable<string> files, string program)
    {
        ArgumentNullException.ThrowIfNull(files);
        var anchors = new List<AuditAnchor>();
        foreach (var file in files)
        {
            var before = anchors.Count;
            anchors.AddRange(Read(file, program));
            if (anchors.Count == before)
            {
                throw new FormatException($"{file} holds no audit message from {program}: not a log host's copy of its Audit:Syslog stream");
            }
        }

        return anchors;
    }

    /// <summary>The anchors in <paramref name="file"/>, in the file's order.</summary>
    /// <param name="file">The copy: a file of the log host, or the lines of the side's program taken out of one.</param>
    /// <param name="program">The side's program name, as its messages carry it (<c>lowside</c>, <c>highside</c>).</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IEnumerable<AuditAnchor> Read(string file, string program)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(program);
        var name = Path.GetFileName(file);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var line = new StringBuilder();
        var number = 0L;
        while (ReadLine(reader, line) is { } complete)
        {
            number++;
            if (complete && Anchor(line.ToString(), program) is { } anchor)
            {
                yield return new AuditAnchor(anchor.Sequence, anchor.Hash, string.Create(CultureInfo.InvariantCulture, $"log host copy {name} line {number}"));
            }
        }
    }

    /// <summary>The sequence and hash a line from <paramref name="program"/> carries, or null for any other line.</summary>
    public static (long Sequence, string Hash)? Anchor(string line, string program)
    {
        ArgumentNullException.ThrowIfNull(line);
        var start = line.IndexOf('{', StringComparison.Ordinal);
        if (start < 0 || !FromProgram(line.AsSpan(0, start), program))
        {
            return null;
        }

        try
        {
            using var message = JsonDocument.Parse(line.AsMemory(start));
            var root = message.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("sequence", out var sequence) && sequence.ValueKind == JsonValueKind.Number
                && sequence.TryGetInt64(out var number) && number >= 1
                && root.TryGetProperty("hash", out var hash) && hash.ValueKind == JsonValueKind.String
                && hash.GetString() is { } text && Sha256Digest.IsHex(text)
                ? (number, text)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The header ends with the program's tag: "highside[4242]: " (the local form, rsyslog's and journald's files) or
    // "highside 4242 audit - " (RFC 5424's APP-NAME PROCID MSGID and no structured data).
    private static bool FromProgram(ReadOnlySpan<char> header, string program)
    {
        var text = header.ToString();
        var match = LocalTag().Match(text) is { Success: true } local ? local : Rfc5424Tag().Match(text);
        return match.Success && match.Groups["program"].Value == program;
    }

    // Reads one line into `line`: true when it was whole, false when it was longer than MaxLineChars (its rest skipped),
    // null at the end of the file.
    private static bool? ReadLine(StreamReader reader, StringBuilder line)
    {
        line.Clear();
        var whole = true;
        var any = false;
        for (var next = reader.Read(); next >= 0; next = reader.Read())
        {
            any = true;
            if (next == '\n')
            {
                return whole;
            }

            if (line.Length < MaxLineChars)
            {
                line.Append((char)next);
            }
            else
            {
                whole = false;
            }
        }

        return any ? whole : null;
    }

    [GeneratedRegex(@"(?:^|\s)(?<program>[^\s\[]+)(?:\[[0-9]+\])?:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalTag();

    [GeneratedRegex(@"(?:^|\s)(?<program>\S+)\s+\S+\s+audit\s+-\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc5424Tag();
}
