using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// A file name every client of a file mirror can hold, that reads as what it is (batch-format.md, ART-21): what a file
/// artifact, and a chart's archive, is published under. Both sides check it: the low side before it files a request, so
/// that no requester can get a batch refused; the high side at import.
/// </summary>
/// <remarks>
/// Refused: an empty name; one that starts with '.' (hidden, or a path step); one that starts or ends with a space, or ends
/// with '.'; more than 255 bytes of UTF-8; '/', '\', and the other characters Windows does not take in a name (&lt;&gt;:"|?*);
/// characters of the Unicode categories Cc (control), Cf (format: the bidirectional overrides that make "exe.txt" of
/// "txt.exe", zero-width characters), Zl, Zp, Zs other than U+0020 (spaces that look like none or like a plain one), Co
/// (private use) and Cs (an unpaired surrogate); characters that show as nothing though of other categories (the Hangul
/// fillers, the Braille blank, U+034F, U+17B4, U+17B5); and the Windows device names (CON, PRN, AUX, NUL, COM1-COM9,
/// LPT1-LPT9, COM and LPT with a superscript 1, 2 or 3, in any case, alone or before spaces and a '.').
/// </remarks>
public static class PortableFileName
{
    public const int MaxUtf8Bytes = 255;

    private const string NotTaken = "/\\<>:\"|?*";

    private static readonly string[] DeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        "COM\u00b9", "COM\u00b2", "COM\u00b3", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3",
    ];

    // Characters outside the refused categories that show as nothing: the Hangul fillers (Lo), the Braille blank (So), the
    // combining grapheme joiner and the Khmer inherent vowels (Mn).
    private const string Invisible = "\u115F\u1160\u3164\uFFA0\u2800\u034F\u17B4\u17B5";

    /// <summary>Why <paramref name="name"/> is not a portable file name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name[0] == '.')
        {
            return "it starts with '.'";
        }

        if (name[0] == ' ' || name[^1] is ' ' or '.')
        {
            return "it starts or ends with a space, or ends with '.'";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (NotTaken.Contains(c, StringComparison.Ordinal))
            {
                return $"it holds '{c}'";
            }

            if (Invisible.Contains(c, StringComparison.Ordinal))
            {
                return string.Create(CultureInfo.InvariantCulture, $"it holds U+{(int)c:X4}, which shows as nothing");
            }

            // A surrogate pair is one character: its category is the pair's; an unpaired surrogate is category Cs.
            var pair = char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]);
            var category = pair ? CharUnicodeInfo.GetUnicodeCategory(name, i) : CharUnicodeInfo.GetUnicodeCategory(c);
            if (IsRefused(category, c))
            {
                var codePoint = pair ? char.ConvertToUtf32(c, name[i + 1]) : c;
                return string.Create(CultureInfo.InvariantCulture, $"it holds U+{codePoint:X4} ({category})");
            }

            i += pair ? 1 : 0;
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            return $"it is longer than {MaxUtf8Bytes} bytes of UTF-8";
        }

        // Windows takes "CON .txt" for CON too: the spaces before the extension do not count.
        var stem = name.Split('.')[0].TrimEnd(' ');
        return DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase) ? $"'{stem}' is a device name on Windows" : null;
    }

    private static bool IsRefused(UnicodeCategory category, char c) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate => true,
        UnicodeCategory.SpaceSeparator => c != ' ',
        _ => false,
    };
}
