using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.Debian;

/// <summary>
/// Reads deb822 paragraphs (Release, Packages, control stanzas) one at a time, strictly: every line is a field
/// (<c>Name: value</c>, the name printable ASCII without a colon, not starting with <c>#</c> or <c>-</c>) or a
/// continuation of the one before (starting with a space or tab); paragraphs are separated by empty lines; a name
/// twice in one paragraph, a control character other than tab, or a line or paragraph over the limit is refused.
/// PGP armour is not understood: signed files are read only from what gpgv output.
/// </summary>
public static class Deb822Reader
{
    /// <summary>Longest paragraph read (a package's stanza with a long description is a few KiB).</summary>
    public const int DefaultMaxParagraphChars = 256 * 1024;

    public static IEnumerable<Deb822Paragraph> Read(TextReader reader, int maxParagraphChars = DefaultMaxParagraphChars)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = new StringBuilder();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastName = null;
        var lineNumber = 0;
        while (ReadLine(reader, maxParagraphChars, lineNumber + 1) is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.All(c => c is ' ' or '\t'))
            {
                if (line.Length > 0)
                {
                    throw Error(lineNumber, "a line of only blanks (a paragraph ends with an empty line)");
                }

                if (fields.Count > 0)
                {
                    yield return new Deb822Paragraph(text.ToString(), fields);
                    text.Clear();
                    fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    lastName = null;
                }

                continue;
            }

            if (line.Any(c => char.IsControl(c) && c != '\t'))
            {
                throw Error(lineNumber, "a control character");
            }

            if (line[0] is ' ' or '\t')
            {
                if (lastName is null)
                {
                    throw Error(lineNumber, "a continuation line with no field before it");
                }

                fields[lastName] += "\n" + line;
            }
            else
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = colon > 0 ? line[..colon] : "";
                if (!IsFieldName(name))
                {
                    throw Error(lineNumber, "a line that is neither 'Name: value' nor a continuation");
                }

                if (!fields.TryAdd(name, line[(colon + 1)..].Trim(' ', '\t')))
                {
                    throw Error(lineNumber, $"field {name} twice in one paragraph");
                }

                lastName = name;
            }

            if (text.Length + line.Length + 1 > maxParagraphChars)
            {
                throw Error(lineNumber, $"a paragraph longer than {maxParagraphChars} characters");
            }

            text.Append(text.Length == 0 ? "" : "\n").Append(line);
        }

        if (fields.Count > 0)
        {
            yield return new Deb822Paragraph(text.ToString(), fields);
        }
    }

    /// <summary>Exactly one paragraph: <paramref name="text"/> with no empty line inside it and no final line feed.</summary>
    public static Deb822Paragraph ReadOne(string text, int maxParagraphChars = DefaultMaxParagraphChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.EndsWith('\n') || text.Contains("\n\n", StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new Deb822Exception("not exactly one paragraph (empty, an empty line, a final line feed or a carriage return)");
        }

        using var reader = new StringReader(text);
        var paragraph = Read(reader, maxParagraphChars).Single();
        return paragraph.Text == text ? paragraph : throw new Deb822Exception("not exactly one paragraph");
    }

    public static bool IsFieldName(string name) =>
        name.Length is > 0 and <= 128 && name[0] is not ('#' or '-') && name.All(c => c is > ' ' and <= '~' and not ':');

    // Lines end in LF; a CR before it is part of the line and refused as a control character.
    private static string? ReadLine(TextReader reader, int maxChars, int lineNumber)
    {
        var line = new StringBuilder();
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (c == '\n')
            {
                return line.ToString();
            }

            if (line.Length >= maxChars)
            {
                throw Error(lineNumber, $"a line longer than {maxChars} characters");
            }

            line.Append((char)c);
        }
    }

    private static Deb822Exception Error(int line, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"line {line}: {what}"));
}
