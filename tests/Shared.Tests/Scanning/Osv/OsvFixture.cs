using System.IO.Compression;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Scanning.Osv;

/// <summary>
/// A scanner-data directory made from the hand-made records in Fixtures: <c>records/</c> as loose files and
/// <c>alpine-export/</c> zipped into <c>Alpine/all.zip</c>, the layout of an OSV export.
/// </summary>
internal sealed class OsvFixture : IDisposable
{
    private readonly TempDirectory _directory = new("osv");

    public OsvFixture()
    {
        var fixtures = System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "Scanning", "Osv", "Fixtures");
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(fixtures, "records"), "*.json", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(_directory.Path, System.IO.Path.GetRelativePath(fixtures, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        WriteZip(
            Combine("Alpine", "all.zip"),
            Directory.EnumerateFiles(System.IO.Path.Combine(fixtures, "alpine-export"))
                .Select(f => (System.IO.Path.GetFileName(f), File.ReadAllText(f))));
    }

    public string Path => _directory.Path;

    public string Combine(params string[] parts) => _directory.Combine(parts);

    public static void WriteZip(string path, IEnumerable<(string Name, string Content)> entries)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open());
            writer.Write(content);
        }
    }

    public void Dispose() => _directory.Dispose();
}
