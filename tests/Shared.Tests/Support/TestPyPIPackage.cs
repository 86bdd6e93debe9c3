using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A tiny Python project built as a build backend would: a pure wheel (<c>DIST-VERSION-py3-none-any.whl</c>, the module,
/// <c>METADATA</c>, <c>WHEEL</c> and <c>RECORD</c>) and an sdist (<c>DIST-VERSION.tar.gz</c>). The module's
/// <c>GREETING</c> is <see cref="Greeting"/>, so a test can import it once installed. The same project builds the same bytes.
/// </summary>
public sealed record TestPyPIPackage(string Name, string Version)
{
    /// <summary>Requires-Dist lines, e.g. <c>acme-words&gt;=2.1</c>.</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    public string Greeting { get; init; } = "hello";

    /// <summary>The index link's data-requires-python (and the metadata's Requires-Python); null for none.</summary>
    public string? RequiresPython { get; init; }

    /// <summary>The PEP 503 normalised name.</summary>
    public string Project => System.Text.RegularExpressions.Regex.Replace(Name, "[-_.]+", "-").ToLowerInvariant();

    /// <summary>The importable module (and the file names' distribution part): the normalised name with '_' for '-'.</summary>
    public string Module => Project.Replace('-', '_');

    public string WheelFileName => $"{Module}-{Version}-py3-none-any.whl";

    public string SdistFileName => $"{Module}-{Version}.tar.gz";

    public string Metadata =>
        $"Metadata-Version: 2.1\nName: {Name}\nVersion: {Version}\nSummary: test package {Name}\n"
        + (RequiresPython is null ? "" : $"Requires-Python: {RequiresPython}\n")
        + string.Concat(Requires.Select(r => $"Requires-Dist: {r}\n"));

    private string Source => $"GREETING = {System.Text.Json.JsonSerializer.Serialize(Greeting)}\n";

    public byte[] Wheel()
    {
        var distInfo = $"{Module}-{Version}.dist-info";
        (string Path, string Content)[] files =
        [
            ($"{Module}/__init__.py", Source),
            ($"{distInfo}/METADATA", Metadata),
            ($"{distInfo}/WHEEL", "Wheel-Version: 1.0\nGenerator: transferpipeline-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        ];
        var record = string.Concat(files.Select(f =>
            $"{f.Path},sha256={Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(f.Content))).TrimEnd('=').Replace('+', '-').Replace('/', '_')},"
            + $"{Encoding.UTF8.GetByteCount(f.Content)}\n")) + $"{distInfo}/RECORD,,\n";
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files.Append(($"{distInfo}/RECORD", record)))
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = TestArchives.Timestamp;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return output.ToArray();
    }

    public byte[] Sdist()
    {
        var root = $"{Module}-{Version}";
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            TestArchives.AddText(tar, $"{root}/PKG-INFO", Metadata);
            TestArchives.AddText(tar, $"{root}/pyproject.toml", $"[project]\nname = \"{Name}\"\nversion = \"{Version}\"\n");
            TestArchives.AddText(tar, $"{root}/{Module}/__init__.py", Source);
        }

        return output.ToArray();
    }
}
