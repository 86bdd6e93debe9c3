using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// The OCI distribution 1.1 referrers tag schema, for registries without the referrers API: after a manifest with a
/// <c>subject</c> is pushed, its descriptor is added to the image index tagged <c>sha256-&lt;hex of the subject&gt;</c>,
/// which clients read when <c>/v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> answers 404. Entries others put there are kept.
/// </summary>
/// <remarks>
/// Reading, adding and pushing the index is not atomic: two writers adding to the same subject's index at the same moment
/// can lose one entry (the spec's conditional requests are optional, and docker-registry does not offer them).
/// </remarks>
public sealed class ReferrersTagFallback(RegistryClient client)
{
    /// <summary>The fallback tag of <paramref name="subject"/>: <c>sha256-&lt;hex&gt;</c>.</summary>
    public static string TagFor(Digest subject) => subject.Value.Replace(':', '-');

    /// <summary>
    /// Records the manifest just pushed (<paramref name="manifest"/> as pushed, <paramref name="pushed"/> the registry's answer)
    /// in its subject's fallback index, unless it has no subject, the registry has the referrers API (it answered the push with
    /// <c>OCI-Subject</c>, or its referrers endpoint answers), or the index lists it already.
    /// </summary>
    /// <exception cref="RegistryException">
    /// The registry refused a request, or the fallback tag holds something other than a valid image index.
    /// </exception>
    /// <exception cref="OciFormatException">The manifest itself is not valid.</exception>
    public async Task<ReferrersFallbackOutcome> RecordAsync(
        string registry,
        string repository,
        string mediaType,
        ReadOnlyMemory<byte> manifest,
        ManifestPushResult pushed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pushed);
        var (referenced, artifactType, annotations) = Describe(mediaType, manifest.Span);
        if (referenced is not { } subject)
        {
            return ReferrersFallbackOutcome.NotAReferrer;
        }

        if (pushed.SubjectAcknowledged || await client.GetReferrersAsync(registry, repository, subject, cancellationToken) is not null)
        {
            return ReferrersFallbackOutcome.RegistryHasReferrersApi;
        }

        var tag = TagFor(subject);
        var current = await client.TryGetTaggedAsync(registry, repository, tag, cancellationToken);
        var (index, listed) = current is null ? (EmptyIndex(), []) : ReadIndex(current);
        if (listed.Contains(pushed.Digest))
        {
            return ReferrersFallbackOutcome.AlreadyListed;
        }

        index["manifests"]!.AsArray().Add(Entry(mediaType, pushed.Digest, manifest.Length, artifactType, annotations));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.JsonObject);
        if (bytes.Length > RegistryClientOptions.MaxManifestBytes)
        {
            throw Refusal(registry, repository, tag, $"would grow past {RegistryClientOptions.MaxManifestBytes} bytes");
        }

        await client.PutManifestAsync(registry, repository, tag, OciMediaTypes.ImageIndex, bytes, cancellationToken);
        return ReferrersFallbackOutcome.Added;
    }

    /// <summary>The manifest or index's <c>subject</c>: the manifest it is a referrer of, or null.</summary>
    /// <exception cref="OciFormatException">The manifest is not valid.</exception>
    public static Digest? SubjectOf(string mediaType, ReadOnlySpan<byte> manifest) => Describe(mediaType, manifest).Subject;

    private static (Digest? Subject, string? ArtifactType, IReadOnlyDictionary<string, string>? Annotations) Describe(
        string mediaType,
        ReadOnlySpan<byte> manifest)
    {
        if (OciMediaTypes.IsIndex(mediaType))
        {
            var index = ImageIndex.Parse(manifest);
            return (index.Subject?.Digest, index.ArtifactType, index.Annotations);
        }

        var image = ImageManifest.Parse(manifest);
        return (image.Subject?.Digest, image.ArtifactType ?? image.Config.MediaType, image.Annotations);
    }

    private static JsonObject EmptyIndex() => new()
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = OciMediaTypes.ImageIndex,
        ["manifests"] = new JsonArray(),
    };

    // The index is edited as JSON, not re-serialized from ImageIndex, so fields this client does not model survive.
    private static (JsonObject Index, HashSet<Digest> Listed) ReadIndex(ManifestResult current)
    {
        if (current.MediaType != OciMediaTypes.ImageIndex)
        {
            throw Refusal(current.Registry, current.Repository, current.Reference, $"holds a {current.MediaType}, not an image index");
        }

        try
        {
            var listed = current.ParseIndex().Manifests.Select(d => d.Digest).ToHashSet();
            var index = JsonNode.Parse(current.Bytes.Span)!.AsObject();
            return (index, listed);
        }
        catch (OciFormatException ex)
        {
            throw Refusal(current.Registry, current.Repository, current.Reference, $"is not a valid image index ({ex.Message})");
        }
    }

    private static JsonObject Entry(
        string mediaType,
        Digest digest,
        long size,
        string? artifactType,
        IReadOnlyDictionary<string, string>? annotations)
    {
        var entry = new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest.Value, ["size"] = size };
        if (artifactType is not null)
        {
            entry["artifactType"] = artifactType;
        }

        if (annotations is { Count: > 0 })
        {
            var copied = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                copied[key] = value;
            }

            entry["annotations"] = copied;
        }

        return entry;
    }

    private static RegistryException Refusal(string registry, string repository, string tag, string problem) =>
        new($"The referrers fallback tag {repository}:{tag} on {registry} {problem}; its referrers were not updated.")
        {
            Registry = registry,
            Repository = repository,
            Reference = tag,
        };
}
