using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A parsed manifest's blobs in list order, kept on disk rather than in memory (issue 18): about 45 bytes on disk for a
/// blob shipped whole at its own path, nothing in memory.
/// </summary>
/// <remarks>
/// Each record: flags (see the constants), the size, the volume when there is one, the digest as its 32-byte hash or as
/// text, the path as text when it is neither absent nor the blob's own, then the chunks when there are any: their count,
/// and for each its flags (1: the sha256 is text), index, volume, size, sha256 and path.
/// </remarks>
/// <param name="directory">Where the temporary file is made (it has no name there).</param>
public sealed class ManifestBlobCollection(string directory) : RecordFileCollection<ManifestBlob>(directory)
{
    private const byte DigestText = 1, OwnPath = 2, PathText = 4, HasVolume = 8, HasChunks = 16, IsShipped = 32;
    private const byte ChunkSha256Text = 1;

    protected override void Write(SequentialRecordFile records, ManifestBlob item)
    {
        var pathText = item.PathIsOwnBlobPath ? null : item.Path;
        var flags = (item.DigestIsHash ? 0 : DigestText) | (item.PathIsOwnBlobPath ? OwnPath : 0) | (pathText is null ? 0 : PathText)
            | (item.Volume is null ? 0 : HasVolume) | (item.Chunks is null ? 0 : HasChunks) | (item.Shipped ? IsShipped : 0);
        records.WriteByte((byte)flags);
        records.WriteInt64(item.Size);
        if (item.Volume is { } volume)
        {
            records.WriteInt32(volume);
        }

        if (item.DigestIsHash)
        {
            Span<byte> hash = stackalloc byte[Sha256Value.HashBytes];
            item.Hash.TryWriteHash(hash);
            records.Write(hash);
        }
        else
        {
            records.WriteText(item.Digest);
        }

        if (pathText is not null)
        {
            records.WriteText(pathText);
        }

        if (item.Chunks is { } chunks)
        {
            records.WriteInt32(chunks.Count);
            foreach (var chunk in chunks)
            {
                records.WriteByte(chunk.Sha256.IsHex ? (byte)0 : ChunkSha256Text);
                records.WriteInt32(chunk.Index);
                records.WriteInt32(chunk.Volume);
                records.WriteInt64(chunk.Size);
                ManifestRecordValues.WriteSha256(records, chunk.Sha256);
                records.WriteText(chunk.Path);
            }
        }
    }

    protected override ManifestBlob Read(SequentialRecordFile.Reader reader)
    {
        var flags = reader.ReadByte();
        var size = reader.ReadInt64();
        int? volume = (flags & HasVolume) != 0 ? reader.ReadInt32() : null;
        var digestText = (flags & DigestText) != 0 ? reader.ReadText() : null;
        var hash = digestText is null ? Sha256Value.FromHash(reader.ReadBytes(Sha256Value.HashBytes)) : default;
        var path = (flags & PathText) != 0 ? reader.ReadText() : null;
        var chunks = (flags & HasChunks) != 0 ? ReadChunks(reader) : null;
        var shipped = (flags & IsShipped) != 0;
        if (digestText is null && path is null)
        {
            return ManifestBlob.OfHash(hash, (flags & OwnPath) != 0, size, shipped, volume, chunks);
        }

        return new ManifestBlob
        {
            Digest = digestText ?? HashNames.Format(HashNames.DigestPrefix, hash),
            Size = size,
            Shipped = shipped,
            Volume = volume,
            Path = path,
            Chunks = chunks,
        };
    }

    private static List<ManifestChunk> ReadChunks(SequentialRecordFile.Reader reader)
    {
        var count = reader.ReadInt32();
        var chunks = new List<ManifestChunk>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            var flags = reader.ReadByte();
            var index = reader.ReadInt32();
            var volume = reader.ReadInt32();
            var size = reader.ReadInt64();
            var sha256 = ManifestRecordValues.ReadSha256(reader, isText: (flags & ChunkSha256Text) != 0);
            chunks.Add(new ManifestChunk { Index = index, Volume = volume, Path = reader.ReadText(), Size = size, Sha256 = sha256 });
        }

        return chunks;
    }
}
