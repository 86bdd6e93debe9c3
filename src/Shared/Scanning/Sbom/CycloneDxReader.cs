using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Reads a CycloneDX JSON SBOM back into <see cref="PackageCoordinate"/>s. Its input is hostile: the document is
/// read only up to <see cref="CycloneDxReaderLimits.MaxBytes"/>, walked token by token (no document tree), with caps
/// on components and string lengths; a malformed document or package URL refuses the whole SBOM.
/// </summary>
public static class CycloneDxReader
{
    private const int MaxDepth = 64;

    private delegate bool PropertyReader(ref Utf8JsonReader reader, string property);

    /// <summary>Reads the SBOM in <paramref name="source"/>.</summary>
    /// <exception cref="SbomException">The document is too large, malformed, not CycloneDX, or over a limit.</exception>
    public static async Task<CycloneDxContents> ReadAsync(
        Stream source,
        CycloneDxReaderLimits? limits = null,
        CancellationToken ct = default)
    {
        limits ??= CycloneDxReaderLimits.Default;
        var bytes = await ReadCappedAsync(source, limits.MaxBytes, ct);
        try
        {
            return Parse(bytes, limits);
        }
        catch (JsonException ex)
        {
            throw Malformed($"it is not well-formed JSON ({ex.Message})", ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new SbomException(
                    SbomError.DocumentTooLarge,
                    $"The SBOM is larger than {ByteSize.Format(maxBytes)}; it was not read.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static CycloneDxContents Parse(ReadOnlyMemory<byte> bytes, CycloneDxReaderLimits limits)
    {
        var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        var state = new ReadState(limits);
        Expect(ref reader, JsonTokenType.StartObject, "the document");
        var fields = ReadObject(ref reader, state, ["bomFormat", "specVersion"], (ref r, property) =>
            property == "components" && ReadComponents(ref r, state));

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw Malformed("it has content after the top-level object");
        }

        var version = fields.GetValueOrDefault("specVersion");
        if (fields.GetValueOrDefault("bomFormat") != "CycloneDX")
        {
            throw Malformed("its bomFormat is not \"CycloneDX\"");
        }

        if (version is null || !CycloneDx.ReadableSpecVersions.Contains(version))
        {
            throw Malformed(
                $"its specVersion '{DisplayText.Printable(version, 20)}' is not one of "
                + string.Join(", ", CycloneDx.ReadableSpecVersions));
        }

        return new CycloneDxContents([.. state.Packages.Values.OrderBy(p => p.Purl, StringComparer.Ordinal)], state.Skipped);
    }

    private static bool ReadComponents(ref Utf8JsonReader reader, ReadState state)
    {
        Expect(ref reader, JsonTokenType.StartArray, "components");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a component");
            if (++state.Components > state.Limits.MaxComponents)
            {
                throw new SbomException(
                    SbomError.TooManyComponents,
                    $"The SBOM lists more than {state.Limits.MaxComponents} components; it was not read.");
            }

            ReadComponent(ref reader, state);
        }

        return true;
    }

    private static void ReadComponent(ref Utf8JsonReader reader, ReadState state)
    {
        string? sourceName = null, sourceVersion = null;
        var fields = ReadObject(ref reader, state, ["purl"], (ref r, property) =>
        {
            if (property == "properties")
            {
                (sourceName, sourceVersion) = ReadSourceProperties(ref r, state);
                return true;
            }

            return property == "components" && ReadComponents(ref r, state);
        });

        if (fields.GetValueOrDefault("purl") is not { } purl
            || PackageCoordinates.FromPackageUrl(PackageUrl.Parse(purl), sourceName, sourceVersion) is not { } package)
        {
            state.Skipped++;
            return;
        }

        state.Packages.TryAdd(package.Purl, package);
    }

    private static (string? Name, string? Version) ReadSourceProperties(ref Utf8JsonReader reader, ReadState state)
    {
        string? sourceName = null, sourceVersion = null;
        Expect(ref reader, JsonTokenType.StartArray, "properties");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a property");
            var fields = ReadObject(ref reader, state, ["name", "value"]);
            var (name, value) = (fields.GetValueOrDefault("name"), fields.GetValueOrDefault("value"));
            sourceName = name == CycloneDx.SourceNameProperty ? value : sourceName;
            sourceVersion = name == CycloneDx.SourceVersionProperty ? value : sourceVersion;
        }

        return (sourceName, sourceVersion);
    }

    /// <summary>
    /// Reads the object the reader is on: the string fields named in <paramref name="strings"/> are returned, others go
    /// to <paramref name="read"/>, and what it does not take is skipped.
    /// </summary>
    private static Dictionary<string, string> ReadObject(
        ref Utf8JsonReader reader,
        ReadState state,
        string[] strings,
        PropertyReader? read = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString()!;
            reader.Read();
            if (strings.Contains(property))
            {
                fields[property] = ReadString(ref reader, state, property);
            }
            else if (read is null || !read(ref reader, property))
            {
                reader.Skip();
            }
        }

        return fields;
    }

    private static string ReadString(ref Utf8JsonReader reader, ReadState state, string what)
    {
        Expect(ref reader, JsonTokenType.String, what);
        if (reader.ValueSpan.Length > state.Limits.MaxStringLength)
        {
            throw new SbomException(
                SbomError.StringTooLong,
                $"The SBOM has {what} longer than {state.Limits.MaxStringLength} bytes; it was not read.");
        }

        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != expected)
        {
            throw Malformed($"{what} is {reader.TokenType} where {expected} was expected (at byte {reader.TokenStartIndex})");
        }
    }

    private static SbomException Malformed(string reason, Exception? inner = null) =>
        new(SbomError.MalformedDocument, $"The SBOM is not a CycloneDX JSON document: {reason}.", inner);

    private sealed class ReadState(CycloneDxReaderLimits limits)
    {
        public CycloneDxReaderLimits Limits { get; } = limits;

        public Dictionary<string, PackageCoordinate> Packages { get; } = new(StringComparer.Ordinal);

        public int Components { get; set; }

        public int Skipped { get; set; }
    }
}
