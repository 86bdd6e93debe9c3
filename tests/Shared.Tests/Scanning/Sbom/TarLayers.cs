using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

/// <summary>
/// Layers written entry by entry with TarWriter, for shapes umoci does not produce (opaque directories, links,
/// '..' names, hostile sizes); kept in memory and served by <see cref="OpenBlobAsync"/> like a layout would.
/// </summary>
internal sealed class TarLayers
{
    private readonly Dictionary<Digest, byte[]> _blobs = [];

    public List<OciDescriptor> Layers { get; } = [];

    /// <summary>Adds a gzip tar layer (or plain tar when <paramref name="gzip"/> is false) built by <paramref name="write"/>.</summary>
    public TarLayers Add(Action<TarWriter> write, bool gzip = true)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        var bytes = tar.ToArray();
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest))
            {
                zip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        return AddBlob(bytes, gzip ? OciMediaTypes.ImageLayerGzip : OciMediaTypes.ImageLayer);
    }

    /// <summary>Adds a gzip tar layer of regular files.</summary>
    public TarLayers AddFiles(params (string Path, string Content)[] files) =>
        Add(w =>
        {
            foreach (var (path, content) in files)
            {
                File(w, path, content);
            }
        });

    public TarLayers AddBlob(byte[] bytes, string mediaType)
    {
        var digest = Digest.Compute(bytes);
        _blobs[digest] = bytes;
        Layers.Add(new OciDescriptor { MediaType = mediaType, Digest = digest, Size = bytes.Length });
        return this;
    }

    public Task<Stream> OpenBlobAsync(Digest digest, CancellationToken ct) => Task.FromResult<Stream>(new MemoryStream(_blobs[digest]));

    public static void File(TarWriter writer, string path, string content) => File(writer, path, Encoding.UTF8.GetBytes(content));

    public static void File(TarWriter writer, string path, byte[] content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });

    public static void Link(TarWriter writer, TarEntryType type, string path, string target) =>
        writer.WriteEntry(new PaxTarEntry(type, path) { LinkName = target });

    public static void Directory(TarWriter writer, string path) => writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path));
}
