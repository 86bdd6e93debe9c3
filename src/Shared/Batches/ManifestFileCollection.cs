using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A parsed manifest's files in list order, kept on disk rather than in memory (issue 18): about 45 bytes on disk for a
/// file at its own blob path, nothing in memory.
/// </summary>
/// <remarks>
/// Each record: flags (1: the path is the file's own blob path; 2: the sha256 is text, not a hash), the volume and size,
/// the sha256 as 32 bytes or as text, then the path as text unless flag 1.
/// </remarks>
/// <param name="directory">Where the temporary file is made (it has no name there).</param>
public sealed class ManifestFileCollection(string directory) : RecordFileCollection<ManifestFile>(directory)
{
    private const byte OwnBlobPath = 1, Sha256Text = 2;

    protected override void Write(SequentialRecordFile records, ManifestFile item)
    {
        records.WriteByte((byte)((item.PathIsOwnBlobPath ? OwnBlobPath : 0) | (item.Sha256.IsHex ? 0 : Sha256Text)));
        records.WriteInt32(item.Volume);
        records.WriteInt64(item.Size);
        ManifestRecordValues.WriteSha256(records, item.Sha256);
        if (!item.PathIsOwnBlobPath)
        {
            records.WriteText(item.Path);
        }
    }

    protected override ManifestFile Read(SequentialRecordFile.Reader reader)
    {
        var flags = reader.ReadByte();
        var volume = reader.ReadInt32();
        var size = reader.ReadInt64();
        var sha256 = ManifestRecordValues.ReadSha256(reader, isText: (flags & Sha256Text) != 0);
        return (flags & OwnBlobPath) != 0
            ? ManifestFile.AtOwnBlobPath(volume, size, sha256)
            : new ManifestFile { Volume = volume, Path = reader.ReadText(), Size = size, Sha256 = sha256 };
    }
}
