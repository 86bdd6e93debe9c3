using System.Text.Json;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Json;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Follows a whole manifest.json as <see cref="StreamedJson"/> reads it: the top-level values token by token, and each
/// element of the volume, artifact, blob and file lists whole, read by <see cref="ManifestElements"/>. As strict as the
/// serializer: see there.
/// </summary>
internal sealed class ManifestDocumentWalk : IJsonTokenWalk, IDisposable
{
    private const int Volumes = 8, Artifacts = 9, Blobs = 10, Files = 11;

    private static readonly ManifestFields Fields = new("the manifest",
        ["formatVersion", "batchId", "siteId", "sequence", "createdUtc", "expiresUtc", "keyId", "chunkSize", "volumes", "artifacts", "blobs", "files"],
        0b1111_1111_1111);

    private static string[] Names => Fields.Names;

    private readonly ManifestValues _values = new();
    private readonly ManifestElements _elements;
    private readonly string?[] _text = new string?[12];
    private readonly long[] _numbers = new long[12];
    private readonly DateTimeOffset[] _times = new DateTimeOffset[2];
    private readonly List<ManifestVolume> _volumes = [];
    private readonly List<ManifestArtifact> _artifacts = [];
    private readonly ManifestBlobCollection _blobs;
    private readonly ManifestFileCollection _files;
    private readonly SequentialRecordFile _digests;
    private readonly long _maxArtifactTextLength;
    private long _artifactTextLength;
    private int _seen;
    private int _field = -1;
    private bool _inList;
    private bool _ended;
    private bool _handedOver;

    /// <param name="workDirectory">Where the blobs, files and artifacts' digests are kept (temporary files without a name).</param>
    /// <param name="maxArtifactTextLength">ART-18: the most text the artifacts may hold, checked as each is read.</param>
    public ManifestDocumentWalk(string workDirectory, long maxArtifactTextLength)
    {
        _maxArtifactTextLength = maxArtifactTextLength;
        _blobs = new ManifestBlobCollection(workDirectory);
        _files = new ManifestFileCollection(workDirectory);
        _digests = new SequentialRecordFile(workDirectory);
        _elements = new ManifestElements(_values, _digests);
    }

    public bool WantsWhole(ref Utf8JsonReader reader) => _inList && reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject;

    public void Whole(ref Utf8JsonReader reader)
    {
        switch (_field)
        {
            case Volumes: _volumes.Add(_elements.ReadVolume(ref reader)); break;
            case Artifacts: _artifacts.Add(CountText(_elements.ReadArtifact(ref reader))); break;
            case Blobs: _blobs.Add(_elements.ReadBlob(ref reader)); break;
            default: _files.Add(_elements.ReadFile(ref reader)); break;
        }
    }

    public void Token(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth == 0)
        {
            Root(ref reader);
        }
        else if (_inList)
        {
            // Anything in a list but an object (whole, above) or the list's end.
            if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.EndArray)
            {
                var count = _field switch { Volumes => _volumes.Count, Artifacts => _artifacts.Count, Blobs => _blobs.Count, _ => _files.Count };
                throw new JsonException(reader.TokenType == JsonTokenType.Null
                    ? $"{Names[_field]}[{count}] is null"
                    : $"{Names[_field]}[{count}] must be an object, not {reader.TokenType}");
            }

            _inList = false;
        }
        else if (reader.TokenType == JsonTokenType.PropertyName)
        {
            Property(ref reader);
        }
        else
        {
            Value(ref reader);
        }
    }

    /// <summary>The manifest read; throws <see cref="JsonException"/> if the document was not a whole manifest.</summary>
    public BatchManifest Result()
    {
        if (!_ended)
        {
            throw new JsonException("the manifest is not a whole JSON object");
        }

        Fields.End(_seen);
        _blobs.Complete();
        _files.Complete();
        _digests.Complete();
        _handedOver = true;
        return new BatchManifest
        {
            FormatVersion = checked((int)_numbers[0]),
            BatchId = _text[1]!,
            SiteId = _text[2]!,
            Sequence = _numbers[3],
            CreatedUtc = _times[0],
            ExpiresUtc = _times[1],
            KeyId = _text[6]!,
            ChunkSize = _numbers[7],
            Volumes = _volumes,
            Artifacts = _artifacts,
            Blobs = _blobs,
            Files = _files,
        };
    }

    /// <summary>Frees the blobs' and files' collections and the digests' file unless <see cref="Result"/> handed them over.</summary>
    public void Dispose()
    {
        if (!_handedOver)
        {
            _blobs.Dispose();
            _files.Dispose();
            _digests.Dispose();
        }
    }

    private ManifestArtifact CountText(ManifestArtifact artifact)
    {
        _artifactTextLength += artifact.TextLength();
        return _artifactTextLength <= _maxArtifactTextLength
            ? artifact
            : throw new ManifestLimitExceededException(
                $"the artifacts' texts pass {_maxArtifactTextLength} characters in all at artifacts[{_artifacts.Count}] (ART-18)");
    }

    private void Root(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when _seen == 0 && _field < 0:
                break;
            case JsonTokenType.EndObject:
                _ended = true;
                break;
            default:
                throw new JsonException($"manifest.json must be one JSON object, not {reader.TokenType}");
        }
    }

    private void Property(ref Utf8JsonReader reader) => _field = Fields.Match(ref reader, ref _seen);

    private void Value(ref Utf8JsonReader reader)
    {
        var name = Names[_field];
        switch (_field)
        {
            case 0: _numbers[0] = ManifestValues.Int32(ref reader, name); break;
            case 3 or 7: _numbers[_field] = ManifestValues.Int64(ref reader, name); break;
            case 4 or 5: _times[_field - 4] = ManifestValues.Time(ref reader, name); break;
            case >= Volumes:
                _inList = reader.TokenType == JsonTokenType.StartArray
                    ? true
                    : throw new JsonException($"'{name}' must be a list, not {reader.TokenType}");
                break;
            default: _text[_field] = _values.String(ref reader, name); break;
        }
    }
}
