using System.Text;

namespace TransferPipeline.Shared;

/// <summary>Text from media or a registry made safe for a message or log line.</summary>
public static class DisplayText
{
    /// <summary>Control characters replaced by '?', at most <paramref name="maxLength"/> characters.</summary>
    public static string Printable(string? text, int maxLength = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
