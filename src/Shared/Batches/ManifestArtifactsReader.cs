using System.Text.Json;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Json;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Reads only the artifacts of a manifest, as a stream: what publishing and the checks of imported artifacts need. The
/// file and blob lists, the bulk of a manifest of many files, are read past and never held (issue 18). Meant for a
/// manifest already verified (its SHA-256 is checked by the caller); each artifact is parsed as strictly as
/// <see cref="ManifestReader"/> parses it. Throws <see cref="JsonException"/> or <see cref="InvalidDataException"/>.
/// </summary>
public static class ManifestArtifactsReader
{
    /// <param name="json">The manifest.</param>
    /// <param name="workDirectory">Where the artifacts' digests are kept while the artifacts are held (a file without a name).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task<IReadOnlyList<ManifestArtifact>> ReadAsync(Stream json, string workDirectory, CancellationToken cancellationToken)
    {
        var digests = new SequentialRecordFile(workDirectory);
        try
        {
            var walk = new Walk(new ManifestElements(new ManifestValues(), digests));
            await StreamedJson.ReadAsync(json, walk, cancellationToken);
            var artifacts = walk.Artifacts ?? throw new InvalidDataException("the manifest lists no artifacts");
            digests.Complete();
            return artifacts;
        }
        catch
        {
            digests.Dispose();
            throw;
        }
    }

    private sealed class Walk(ManifestElements elements) : IJsonTokenWalk
    {
        private bool _inArtifacts;

        public List<ManifestArtifact>? Artifacts { get; private set; }

        public bool WantsWhole(ref Utf8JsonReader reader) => _inArtifacts && reader.CurrentDepth == 2;

        public void Whole(ref Utf8JsonReader reader)
        {
            Artifacts!.Add(reader.TokenType == JsonTokenType.StartObject
                ? elements.ReadArtifact(ref reader)
                : throw new InvalidDataException($"artifacts[{Artifacts!.Count}] is not an object"));
        }

        public void Token(ref Utf8JsonReader reader)
        {
            if (reader.CurrentDepth != 1)
            {
                if (_inArtifacts && reader.CurrentDepth == 2)
                {
                    throw new InvalidDataException($"artifacts[{Artifacts!.Count}] is not an object");
                }

                return;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _inArtifacts = false;
                    if (reader.ValueTextEquals("artifacts"u8))
                    {
                        Artifacts = Artifacts is null ? [] : throw new InvalidDataException("the manifest lists its artifacts twice");
                        _inArtifacts = true;
                    }

                    break;
                case JsonTokenType.StartArray or JsonTokenType.EndArray when _inArtifacts:
                    break;
                default:
                    if (_inArtifacts)
                    {
                        throw new InvalidDataException("the manifest's artifacts are not a list");
                    }

                    break;
            }
        }
    }
}
