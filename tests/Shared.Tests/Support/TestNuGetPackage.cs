using System.IO.Compression;
using System.Security;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A tiny .nupkg built as NuGet lays one out (ID.nuspec, [Content_Types].xml, _rels/.rels and lib/net10.0/_._, which makes it
/// compatible with net10.0 without an assembly): enough for `dotnet restore`, without the slow `dotnet pack`.
/// </summary>
public sealed record TestNuGetPackage(string Id, string Version)
{
    /// <summary>Dependencies for net10.0: id to exact version.</summary>
    public IReadOnlyDictionary<string, string> Dependencies { get; init; } = new Dictionary<string, string>();

    /// <summary>Text in a content file, so two builds of one id and version can differ.</summary>
    public string Greeting { get; init; } = "hello";

    /// <summary>The id the nuspec states, when a test makes it lie.</summary>
    public string? NuspecId { get; init; }

    /// <summary>The version the nuspec states, when a test makes it lie.</summary>
    public string? NuspecVersion { get; init; }

    /// <summary>Adds a <c>.signature.p7s</c> as the last entry, as a signer does: its content hash is then not its SHA-512.</summary>
    public bool WithSignature { get; init; }

    public string FileName => $"{Id}.{Version}.nupkg".ToLowerInvariant();

    public string Nuspec()
    {
        var dependencies = string.Concat(Dependencies.Select(d =>
            $"""<dependency id="{SecurityElement.Escape(d.Key)}" version="[{SecurityElement.Escape(d.Value)}]" exclude="Build,Analyzers" />"""));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{NuspecId ?? Id}</id>
                <version>{NuspecVersion ?? Version}</version>
                <authors>acme</authors>
                <description>test package {Id}</description>
                <dependencies><group targetFramework="net10.0">{dependencies}</group></dependencies>
              </metadata>
            </package>
            """;
    }

    /// <summary>The .nupkg; the same package packs to the same bytes.</summary>
    public byte[] Pack()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "_rels/.rels", """<?xml version="1.0" encoding="utf-8"?>"""
                + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
                + $"""<Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/{Id}.nuspec" Id="R1" />"""
                + "</Relationships>");
            Add(zip, $"{Id}.nuspec", Nuspec());
            Add(zip, "lib/net10.0/_._", "");
            Add(zip, "content/greeting.txt", Greeting);
            Add(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="utf-8"?>"""
                + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"""
                + """<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />"""
                + string.Concat(new[] { "nuspec", "_", "txt" }.Select(e => $"""<Default Extension="{e}" ContentType="application/octet" />"""))
                + "</Types>");
            if (WithSignature)
            {
                Add(zip, ".signature.p7s", "not a real PKCS #7 signature: only where it lies matters to the content hash", stored: true);
            }
        }

        return output.ToArray();
    }

    private static void Add(ZipArchive zip, string path, string content, bool stored = false)
    {
        var entry = zip.CreateEntry(path, stored ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(1985, 10, 26, 8, 15, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
