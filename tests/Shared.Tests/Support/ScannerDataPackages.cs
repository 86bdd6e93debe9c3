using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Scanner-data files as a data source would serve them, made by the test: a tar.gz of the test ClamAV signatures (or of
/// any entries, hostile ones included) and a zip of OSV records; and the scanner-data artifact carrying one in a batch.
/// </summary>
public static class ScannerDataPackages
{
    /// <summary>The time the packed files carry: a day before <see cref="BatchScenario"/>'s clock, so never stale.</summary>
    public static readonly DateTimeOffset PackedUtc = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A regular file entry.</summary>
    public static PaxTarEntry Entry(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), ModificationTime = PackedUtc };

    /// <summary>A tar.gz holding <paramref name="entries"/> in order.</summary>
    public static byte[] TarGz(params TarEntry[] entries)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return packed.ToArray();
    }

    /// <summary>The test signatures (<see cref="TestSignatures"/>) as a tar.gz, each file under "./NAME" as tar does.</summary>
    public static byte[] ClamAvTarGz()
    {
        using var temp = new TempDirectory("signatures");
        var database = TestSignatures.WriteDatabase(temp.Combine("db"));
        return TarGz([.. Directory.EnumerateFiles(database).Order(StringComparer.Ordinal)
            .Select(f => Entry("./" + Path.GetFileName(f), File.ReadAllText(f)))]);
    }

    /// <summary>An OSV record affecting <paramref name="package"/> 1.0.0 in npm.</summary>
    public static string OsvRecord(string id, string package) =>
        $$"""
        {"id":"{{id}}","modified":"2026-11-20T10:00:00Z","summary":"test advisory {{id}}",
         "affected":[{"package":{"ecosystem":"npm","name":"{{package}}"},"versions":["1.0.0"]}]}
        """;

    /// <summary>A zip of OSV records, one JSON file each, as the OSV export (all.zip) is.</summary>
    public static byte[] OsvZip(params string[] records)
    {
        using var packed = new MemoryStream();
        using (var zip = new ZipArchive(packed, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (record, index) in records.Select((r, i) => (r, i)))
            {
                using var writer = new StreamWriter(zip.CreateEntry($"RECORD-{index}.json").Open());
                writer.Write(record);
            }
        }

        return packed.ToArray();
    }

    /// <summary>A scanner-data artifact of <paramref name="name"/> (clamav, osv) whose source URL ends in <paramref name="fileName"/>.</summary>
    public static async Task<BatchArtifactInput> AddAsync(ContentStore store, string name, string fileName, byte[] content)
    {
        using var source = new MemoryStream(content);
        var blob = await store.PutAsync(source, null, null, null, CancellationToken.None);
        return new BatchArtifactInput
        {
            Kind = ArtifactKinds.ScannerData,
            Source = $"https://data.example/{name}/{fileName}",
            Digest = blob.Digest,
            Name = name,
            Requester = "local:erin",
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = "scanner data for the high side",
            Blobs = [new BlobInput(blob.Digest, blob.Size)],
        };
    }
}
