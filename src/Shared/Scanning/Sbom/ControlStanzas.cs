using System.Text;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// RFC 822-style stanzas as dpkg status files and Python METADATA headers write them: <c>Field: value</c> lines,
/// continuation lines starting with a space or tab (skipped: no field read here spans lines), a blank line between stanzas.
/// </summary>
internal static class ControlStanzas
{
    /// <summary>Each stanza's fields (names case-insensitive; the first occurrence wins).</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Read(byte[] content)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(content));
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0)
                {
                    yield return fields;
                    fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line[0] is ' ' or '\t' || colon <= 0)
            {
                continue;
            }

            fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        if (fields.Count > 0)
        {
            yield return fields;
        }
    }
}
