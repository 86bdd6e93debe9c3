using System.Text.Json;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Reads one object of a manifest (a volume, an artifact with its attachments, a blob with its chunks, a file) from a
/// reader at its start, written out by hand rather than through serializer metadata, which a short command would spend
/// much of its time compiling (issue 18). As strict as the serializer with <see cref="BatchJsonContext"/>'s options: an
/// unknown or repeated property, a missing required one, a null where the record allows none or a value of the wrong
/// type throws <see cref="JsonException"/>. Property names match exactly, escaped or not.
/// </summary>
/// <param name="values">The values' reader (and pool) of this parse.</param>
/// <param name="digests">Where the artifacts' digest lists keep their hashes.</param>
internal sealed class ManifestElements(ManifestValues values, SequentialRecordFile digests)
{
    private static readonly ManifestFields VolumeFields = new("a volume", ["number", "name", "sha256Sums", "fileCount", "bytes"], 0b11111);
    private static readonly ManifestFields ArtifactFields = new("an artifact",
        ["kind", "source", "digest", "mediaType", "name", "version", "requester", "requestId", "justification", "ticket", "layoutTag", "blobs",
            "attachments"],
        0b0_1001_1101_0111);
    private static readonly ManifestFields AttachmentFields = new("an attachment", ["kind", "tag", "digest", "mediaType"], 0b1101);
    private static readonly ManifestFields BlobFields = new("a blob", ["digest", "size", "shipped", "volume", "path", "chunks"], 0b111);
    private static readonly ManifestFields ChunkFields = new("a chunk", ["index", "volume", "path", "size", "sha256"], 0b11111);
    private static readonly ManifestFields FileFields = new("a file", ["volume", "path", "size", "sha256"], 0b1111);

    public ManifestVolume ReadVolume(ref Utf8JsonReader reader)
    {
        int number = 0, fileCount = 0;
        long bytes = 0;
        string? name = null, sums = null;
        var seen = VolumeFields.Start(ref reader);
        while (VolumeFields.Next(ref reader, ref seen, out var field))
        {
            switch (field)
            {
                case 0: number = ManifestValues.Int32(ref reader, "number"); break;
                case 1: name = values.String(ref reader, "name"); break;
                case 2: sums = values.String(ref reader, "sha256Sums"); break;
                case 3: fileCount = ManifestValues.Int32(ref reader, "fileCount"); break;
                default: bytes = ManifestValues.Int64(ref reader, "bytes"); break;
            }
        }

        VolumeFields.End(seen);
        return new ManifestVolume { Number = number, Name = name!, Sha256Sums = sums!, FileCount = fileCount, Bytes = bytes };
    }

    public ManifestArtifact ReadArtifact(ref Utf8JsonReader reader)
    {
        var text = new string?[11];
        IReadOnlyList<string>? blobs = null;
        List<ManifestAttachment>? attachments = null;
        var seen = ArtifactFields.Start(ref reader);
        while (ArtifactFields.Next(ref reader, ref seen, out var field))
        {
            switch (field)
            {
                case 11: blobs = ReadDigests(ref reader); break;
                case 12:
                    attachments = ReadList(ref reader, "attachments", this, static (ref Utf8JsonReader r, ManifestElements e) => e.ReadAttachment(ref r));
                    break;
                default:
                    var name = ArtifactFields.Names[field];
                    var required = (ArtifactFields.Required & (1 << field)) != 0;
                    text[field] = required ? values.String(ref reader, name) : values.NullableString(ref reader, name);
                    break;
            }
        }

        ArtifactFields.End(seen);
        return new ManifestArtifact
        {
            Kind = text[0]!,
            Source = text[1]!,
            Digest = text[2]!,
            MediaType = text[3],
            Name = text[4]!,
            Version = text[5],
            Requester = text[6]!,
            RequestId = text[7]!,
            Justification = text[8]!,
            Ticket = text[9],
            LayoutTag = text[10],
            Blobs = blobs!,
            Attachments = attachments,
        };
    }

    public ManifestBlob ReadBlob(ref Utf8JsonReader reader)
    {
        // The digest and the path are each held as a hash (text null) or as text, as they were written.
        string? digest = null, path = null;
        Sha256Value digestHash = default, pathHash = default;
        var pathIsHash = false;
        long size = 0;
        var shipped = false;
        int? volume = null;
        List<ManifestChunk>? chunks = null;
        var seen = BlobFields.Start(ref reader);
        while (BlobFields.Next(ref reader, ref seen, out var field))
        {
            switch (field)
            {
                case 0: digest = values.HashOrText(ref reader, "digest", HashNames.DigestPrefix, out digestHash, share: false); break;
                case 1: size = ManifestValues.Int64(ref reader, "size"); break;
                case 2: shipped = ManifestValues.Boolean(ref reader, "shipped"); break;
                case 3: volume = ManifestValues.NullableInt32(ref reader, "volume"); break;
                case 4 when reader.TokenType == JsonTokenType.Null: path = null; pathIsHash = false; break;
                case 4:
                    path = values.HashOrText(ref reader, "path", HashNames.BlobPathPrefix, out pathHash, share: false);
                    pathIsHash = path is null;
                    break;
                default: chunks = ReadList(ref reader, "chunks", this, static (ref Utf8JsonReader r, ManifestElements e) => e.ReadChunk(ref r)); break;
            }
        }

        BlobFields.End(seen);
        if (digest is null && (pathIsHash ? pathHash == digestHash : path is null))
        {
            return ManifestBlob.OfHash(digestHash, pathIsHash, size, shipped, volume, chunks);
        }

        return new ManifestBlob
        {
            Digest = digest ?? HashNames.Format(HashNames.DigestPrefix, digestHash),
            Size = size,
            Shipped = shipped,
            Volume = volume,
            Path = pathIsHash ? HashNames.Format(HashNames.BlobPathPrefix, pathHash) : path,
            Chunks = chunks,
        };
    }

    public ManifestFile ReadFile(ref Utf8JsonReader reader)
    {
        var volume = 0;
        string? path = null;
        Sha256Value pathHash = default;
        long size = 0;
        Sha256Value sha256 = default;
        var seen = FileFields.Start(ref reader);
        while (FileFields.Next(ref reader, ref seen, out var field))
        {
            switch (field)
            {
                case 0: volume = ManifestValues.Int32(ref reader, "volume"); break;
                case 1: path = values.HashOrText(ref reader, "path", HashNames.BlobPathPrefix, out pathHash, share: false); break;
                case 2: size = ManifestValues.Int64(ref reader, "size"); break;
                default: sha256 = values.Sha256(ref reader, "sha256"); break;
            }
        }

        FileFields.End(seen);
        // A path held as a hash (null text) is blobs/sha256/<that hash>: the file's own when it is the file's sha256.
        return path is null && pathHash == sha256
            ? ManifestFile.AtOwnBlobPath(volume, size, sha256)
            : new ManifestFile { Volume = volume, Path = path ?? HashNames.Format(HashNames.BlobPathPrefix, pathHash), Size = size, Sha256 = sha256 };
    }

    private ManifestAttachment ReadAttachment(ref Utf8JsonReader reader)
    {
        var text = new string?[4];
        var seen = AttachmentFields.Start(ref reader);
        while (AttachmentFields.Next(ref reader, ref seen, out var field))
        {
            var name = AttachmentFields.Names[field];
            text[field] = field == 1 ? values.NullableString(ref reader, name) : values.String(ref reader, name);
        }

        AttachmentFields.End(seen);
        return new ManifestAttachment { Kind = text[0]!, Tag = text[1], Digest = text[2]!, MediaType = text[3]! };
    }

    private ManifestChunk ReadChunk(ref Utf8JsonReader reader)
    {
        int index = 0, volume = 0;
        string? path = null;
        long size = 0;
        Sha256Value sha256 = default;
        var seen = ChunkFields.Start(ref reader);
        while (ChunkFields.Next(ref reader, ref seen, out var field))
        {
            switch (field)
            {
                case 0: index = ManifestValues.Int32(ref reader, "index"); break;
                case 1: volume = ManifestValues.Int32(ref reader, "volume"); break;
                case 2: path = values.String(ref reader, "path", share: false); break;
                case 3: size = ManifestValues.Int64(ref reader, "size"); break;
                default: sha256 = values.Sha256(ref reader, "sha256"); break;
            }
        }

        ChunkFields.End(seen);
        return new ManifestChunk { Index = index, Volume = volume, Path = path!, Size = size, Sha256 = sha256 };
    }

    // An artifact's blob digests: a list of strings, none null, their hashes written to the parse's file of digests (zeros
    // where an entry is not a digest of the form sha256:<64 lowercase hex> and is held as its text instead).
    private ManifestDigestList ReadDigests(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"an artifact's 'blobs' must be a list of digests, not {reader.TokenType}");
        }

        var start = digests.Length;
        Dictionary<int, string>? texts = null;
        Span<byte> hash = stackalloc byte[Sha256Value.HashBytes];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw new JsonException($"blobs[{count}] is null");
            }

            if (values.HashOrText(ref reader, "blobs", HashNames.DigestPrefix, out var value) is { } text)
            {
                (texts ??= [])[count] = text;
                hash.Clear();
            }
            else
            {
                value.TryWriteHash(hash);
            }

            digests.Write(hash);
            count++;
        }

        return new ManifestDigestList(digests, start, count, texts);
    }

    private delegate T ElementReader<T>(ref Utf8JsonReader reader, ManifestElements elements);

    // A list of objects that may itself be null; an element may not.
    private static List<T>? ReadList<T>(ref Utf8JsonReader reader, string name, ManifestElements elements, ElementReader<T> read)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"'{name}' must be a list, not {reader.TokenType}");
        }

        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.TokenType == JsonTokenType.Null ? throw new JsonException($"{name}[{list.Count}] is null") : read(ref reader, elements));
        }

        return list;
    }
}
