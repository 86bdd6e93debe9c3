using System.Collections;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A parsed manifest's files in list order, kept on disk (<see cref="SequentialRecordFile"/>) rather than in memory
/// (issue 18): about 45 bytes on disk for a file at its own blob path, nothing in memory. Read in order, as often as wanted
/// and from several threads at once; each file read is made anew.
/// </summary>
/// <remarks>
/// The file is freed when the collection is disposed, or by its handle's finalizer once the manifest holding it is
/// collected. Each record: flags (1: the path is the file's own blob path; 2: the sha256 is text, not a hash), the volume
/// and size, the sha256 as 32 bytes or as text, then the path as text unless flag 1.
/// </remarks>
public sealed class ManifestFileCollection : IReadOnlyCollection<ManifestFile>, IDisposable
{
    private const byte OwnBlobPath = 1, Sha256Text = 2;

    private readonly SequentialRecordFile _records;
    private bool _complete;

    /// <param name="directory">Where the temporary file is made (it has no name there).</param>
    public ManifestFileCollection(string directory) => _records = new SequentialRecordFile(directory);

    public int Count { get; private set; }

    /// <summary>Bytes the records take on disk.</summary>
    public long Bytes => _records.Length;

    public void Add(ManifestFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var records = _complete ? throw new InvalidOperationException("The collection is complete: nothing can be added.") : _records;
        var shaIsHash = file.Sha256.IsHex;
        records.WriteByte((byte)((file.PathIsOwnBlobPath ? OwnBlobPath : 0) | (shaIsHash ? 0 : Sha256Text)));
        records.WriteInt32(file.Volume);
        records.WriteInt64(file.Size);
        ManifestRecordValues.WriteSha256(records, file.Sha256);
        if (!file.PathIsOwnBlobPath)
        {
            records.WriteText(file.Path);
        }

        Count++;
    }

    /// <summary>From now on the collection can be read, and no longer added to.</summary>
    public ManifestFileCollection Complete()
    {
        _records.Complete();
        _complete = true;
        return this;
    }

    public IEnumerator<ManifestFile> GetEnumerator()
    {
        var reader = _records.Read();
        return Files(reader);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _records.Dispose();

    private static IEnumerator<ManifestFile> Files(SequentialRecordFile.Reader reader)
    {
        while (reader.More)
        {
            var flags = reader.ReadByte();
            var volume = reader.ReadInt32();
            var size = reader.ReadInt64();
            var sha256 = ManifestRecordValues.ReadSha256(reader, isText: (flags & Sha256Text) != 0);
            yield return (flags & OwnBlobPath) != 0
                ? ManifestFile.AtOwnBlobPath(volume, size, sha256)
                : new ManifestFile { Volume = volume, Path = reader.ReadText(), Size = size, Sha256 = sha256 };
        }
    }
}
