using System.Buffers;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Json;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Reads a batch's <see cref="BatchSpaceNeeds"/> from its manifest.json as a stream, token by token, before the volume is
/// verified: the batch id, each volume's size and file count, and the shipped blobs with chunks on several volumes. It holds
/// no entry of the file or blob lists, so sizing a batch of 100,000 files no longer parses its manifest whole (1.3-2.1 s and
/// some 20 MiB at that size). It is lenient where the strict parser is not (unknown and repeated properties pass); what it
/// reads is unverified either way, and verification, next, refuses such a manifest with its reason.
/// </summary>
internal static class ManifestSpaceScan
{
    // Batch ids are short (BatchIdentifiers); a longer one is not sized from, verification refuses it.
    private const int MaxBatchIdBytes = 256;

    /// <summary>The needs, or null when the stream is not a manifest this could size a batch from.</summary>
    public static async Task<BatchSpaceNeeds?> ReadAsync(Stream json, CancellationToken cancellationToken)
    {
        var walk = new Walk();
        try
        {
            await StreamedJson.ReadAsync(json, walk, cancellationToken);
            return walk.Needs();
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return null;
        }
    }

    // Follows the tokens by depth: 0 the manifest, 1 its properties, 2 an element of volumes or blobs, 3 the element's
    // properties, 4 a chunk of the blob's chunks, 5 the chunk's properties. Anything else is passed over.
    private sealed class Walk : IJsonTokenWalk
    {
        private readonly List<BatchSpaceNeeds.VolumeShare> _volumes = [];
        private readonly List<BatchSpaceNeeds.JoinedBlob> _joined = [];
        private string? _batchId;
        private bool _sawVolumes;
        private bool _sawBlobs;
        private bool _ended;
        private Section _section;
        private Field _field;
        private bool _chunkVolumeField;

        // The element being read: a volume's or a blob's values, and its chunks' volumes.
        private long? _number;
        private long? _bytes;
        private long? _fileCount;
        private Sha256Value? _hash;
        private bool _sawDigest;
        private bool? _shipped;
        private int? _firstChunkVolume;
        private bool _severalVolumes;
        private int? _chunkVolume;

        private enum Section { Other, BatchId, Volumes, Blobs }

        private enum Field { Other, Number, Bytes, FileCount, Digest, Size, Shipped, Chunks }

        public BatchSpaceNeeds Needs()
        {
            if (!_ended || _batchId is null || !_sawVolumes || !_sawBlobs)
            {
                throw new InvalidDataException("not a whole manifest");
            }

            return new BatchSpaceNeeds(_batchId, _volumes, _joined);
        }

        public bool WantsWhole(ref Utf8JsonReader reader) => false;

        public void Whole(ref Utf8JsonReader reader) => throw new NotSupportedException();

        public void Token(ref Utf8JsonReader reader)
        {
            var depth = reader.CurrentDepth;
            var token = reader.TokenType;
            switch (depth)
            {
                case 0:
                    if (token is not (JsonTokenType.StartObject or JsonTokenType.EndObject))
                    {
                        throw Malformed();
                    }

                    _ended = token == JsonTokenType.EndObject;
                    break;
                case 1:
                    Top(ref reader);
                    break;
                case 2 when _section is Section.Volumes or Section.Blobs:
                    Element(token);
                    break;
                case 3 when _section is Section.Volumes or Section.Blobs:
                    ElementValue(ref reader);
                    break;
                case 4 when _section == Section.Blobs && _field == Field.Chunks:
                    Chunk(token);
                    break;
                case 5 when _section == Section.Blobs && _field == Field.Chunks:
                    ChunkValue(ref reader);
                    break;
            }
        }

        private void Top(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _section = reader.ValueTextEquals("batchId"u8) ? Section.BatchId
                        : reader.ValueTextEquals("volumes"u8) ? Section.Volumes
                        : reader.ValueTextEquals("blobs"u8) ? Section.Blobs
                        : Section.Other;
                    break;
                case JsonTokenType.String when _section == Section.BatchId:
                    _batchId = reader.ValueSpan.Length <= MaxBatchIdBytes ? reader.GetString() : throw Malformed();
                    break;
                case JsonTokenType.StartArray when _section == Section.Volumes:
                    _sawVolumes = true;
                    break;
                case JsonTokenType.StartArray when _section == Section.Blobs:
                    _sawBlobs = true;
                    break;
                case JsonTokenType.EndArray or JsonTokenType.EndObject:
                    break;
                default:
                    if (_section != Section.Other)
                    {
                        throw Malformed();
                    }

                    break;
            }
        }

        private void Element(JsonTokenType token)
        {
            if (token == JsonTokenType.StartObject)
            {
                (_number, _bytes, _fileCount, _hash, _sawDigest, _shipped) = (null, null, null, null, false, null);
                (_firstChunkVolume, _severalVolumes, _field) = (null, false, Field.Other);
            }
            else if (token == JsonTokenType.EndObject)
            {
                EndElement();
            }
            else
            {
                throw Malformed();
            }
        }

        private void EndElement()
        {
            if (_section == Section.Volumes)
            {
                if (_number is not { } number || _bytes is not { } bytes || _fileCount is not { } files
                    || number is < int.MinValue or > int.MaxValue || files is < int.MinValue or > int.MaxValue)
                {
                    throw Malformed();
                }

                _volumes.Add(new BatchSpaceNeeds.VolumeShare((int)number, bytes, (int)files));
                return;
            }

            if (!_sawDigest || _bytes is not { } size || _shipped is not { } shipped)
            {
                throw Malformed();
            }

            if (shipped && _severalVolumes)
            {
                _joined.Add(new BatchSpaceNeeds.JoinedBlob(_hash, size));
            }
        }

        private void ElementValue(ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            if (token == JsonTokenType.PropertyName)
            {
                _field = _section == Section.Volumes
                    ? reader.ValueTextEquals("number"u8) ? Field.Number
                        : reader.ValueTextEquals("bytes"u8) ? Field.Bytes
                        : reader.ValueTextEquals("fileCount"u8) ? Field.FileCount
                        : Field.Other
                    : reader.ValueTextEquals("digest"u8) ? Field.Digest
                        : reader.ValueTextEquals("size"u8) ? Field.Size
                        : reader.ValueTextEquals("shipped"u8) ? Field.Shipped
                        : reader.ValueTextEquals("chunks"u8) ? Field.Chunks
                        : Field.Other;
                return;
            }

            switch (_field)
            {
                case Field.Number:
                    _number = Number(ref reader);
                    break;
                case Field.Bytes or Field.Size:
                    _bytes = Number(ref reader);
                    break;
                case Field.FileCount:
                    _fileCount = Number(ref reader);
                    break;
                case Field.Digest:
                    _hash = token == JsonTokenType.String ? Hash(ref reader) : throw Malformed();
                    _sawDigest = true;
                    break;
                case Field.Shipped:
                    _shipped = token switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw Malformed(),
                    };
                    break;
                case Field.Chunks when token is not (JsonTokenType.StartArray or JsonTokenType.EndArray or JsonTokenType.Null):
                    throw Malformed();
            }
        }

        private void Chunk(JsonTokenType token)
        {
            if (token == JsonTokenType.StartObject)
            {
                (_chunkVolume, _chunkVolumeField) = (null, false);
            }
            else if (token == JsonTokenType.EndObject)
            {
                var volume = _chunkVolume ?? throw Malformed();
                _firstChunkVolume ??= volume;
                _severalVolumes |= volume != _firstChunkVolume;
            }
            else
            {
                throw Malformed();
            }
        }

        private void ChunkValue(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                _chunkVolumeField = reader.ValueTextEquals("volume"u8);
            }
            else if (_chunkVolumeField)
            {
                _chunkVolume = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var volume) ? volume : throw Malformed();
            }
        }

        private static long Number(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Malformed();

        // Only sha256:<64 lowercase hex>, unescaped, is held as a hash; any other digest is refused by verification.
        private static Sha256Value? Hash(ref Utf8JsonReader reader)
        {
            var bytes = reader.ValueSpan;
            Span<char> text = stackalloc char[HashNames.MaxLength];
            return !reader.ValueIsEscaped && bytes.Length == HashNames.DigestPrefix.Length + Sha256Value.HexLength
                && Ascii.ToUtf16(bytes, text, out var written) == OperationStatus.Done
                && HashNames.TryParse(text[..written], HashNames.DigestPrefix, out var hash)
                    ? (Sha256Value?)hash
                    : null;
        }

        private static InvalidDataException Malformed() => new("not a manifest this can size a batch from");
    }
}
