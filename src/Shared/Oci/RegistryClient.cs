using System.Net;
using System.Net.Http.Headers;
using FluentValidation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// A client for the OCI Distribution API: pulls manifests and blobs from source registries and
/// pushes them, byte for byte, to an internal mirror. Every byte read is checked against its
/// digest; transient failures are retried with exponential backoff; refusals surface as
/// <see cref="RegistryException"/>. Thread-safe; share one instance per <see cref="HttpClient"/>.
/// </summary>
public sealed class RegistryClient
{
    private const int MaxTagPages = 1000;
    private const string OciSubjectHeader = "OCI-Subject";

    private readonly RegistryTransport _transport;
    private readonly BlobDownloader _downloader;
    private readonly BlobUploader _uploader;

    /// <param name="httpClient">Used for every request; configure TLS trust and proxies on its handler. Keep auto-redirect on.</param>
    /// <param name="credentials">Per-registry credentials; <see cref="RegistryCredentials.Anonymous"/> for none.</param>
    /// <param name="options">Chunking, retry and plain-HTTP settings; validated here.</param>
    /// <param name="timeProvider">Clock for token expiry and retry delays.</param>
    /// <param name="logger">Receives retry warnings.</param>
    public RegistryClient(
        HttpClient httpClient,
        RegistryCredentials credentials,
        RegistryClientOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<RegistryClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(credentials);
        options ??= new RegistryClientOptions();
        new RegistryClientOptionsValidator().ValidateAndThrow(options);
        _transport = new RegistryTransport(
            httpClient,
            credentials,
            options,
            timeProvider ?? TimeProvider.System,
            logger ?? NullLogger<RegistryClient>.Instance);
        _downloader = new BlobDownloader(_transport);
        _uploader = new BlobUploader(_transport);
    }

    /// <summary>
    /// Fetches a manifest or index (at most 4 MiB) and verifies its digest: against the reference's
    /// digest when it has one, else against Docker-Content-Digest when the registry sends it.
    /// </summary>
    /// <exception cref="RegistryException">Refused, unreachable, too large, or of an unsupported media type.</exception>
    /// <exception cref="DigestMismatchException">The bytes do not hash to the expected digest.</exception>
    public Task<ManifestResult> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var operation = new RegistryOperation(reference.Registry, reference.Repository, reference.Reference, "fetching manifest", Push: false);
        var uri = ManifestUri(reference.Registry, reference.Repository, reference.Reference);
        return _transport.ExecuteAsync(
            operation,
            async token =>
            {
                using var response = await _transport.SendAsync(operation, () => ManifestRequest(HttpMethod.Get, uri), replayable: true, token);
                await _transport.EnsureSuccessAsync(response, operation, token);
                return await ManifestReader.ReadAsync(response, operation, reference.Digest, token);
            },
            cancellationToken);
    }

    /// <summary>True when <paramref name="reference"/> (tag or digest) exists in the repository.</summary>
    public Task<bool> ManifestExistsAsync(string registry, string repository, string reference, CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        ValidateManifestReference(reference, out _);
        var operation = new RegistryOperation(registry, repository, reference, "checking manifest", Push: false);
        var uri = ManifestUri(registry, repository, reference);
        return _transport.ExecuteAsync(
            operation,
            async token =>
            {
                using var response = await _transport.SendAsync(operation, () => ManifestRequest(HttpMethod.Head, uri), replayable: true, token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                await _transport.EnsureSuccessAsync(response, operation, token);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Uploads a manifest exactly as given (never re-serialized, so its digest is unchanged) under a
    /// tag or under its digest. Push the blobs and child manifests it references first.
    /// </summary>
    /// <returns>The SHA-256 digest of <paramref name="bytes"/>.</returns>
    public async Task<Digest> PutManifestAsync(
        string registry,
        string repository,
        string reference,
        string mediaType,
        ReadOnlyMemory<byte> bytes,
        CancellationToken cancellationToken = default) =>
        (await PushManifestAsync(registry, repository, reference, mediaType, bytes, cancellationToken)).Digest;

    /// <summary>
    /// As <see cref="PutManifestAsync"/>, and also reports whether the registry answered with <c>OCI-Subject</c>: a registry
    /// with the referrers API sends it for a manifest with a <c>subject</c>; without it, see <see cref="ReferrersTagFallback"/>.
    /// </summary>
    public Task<ManifestPushResult> PushManifestAsync(
        string registry,
        string repository,
        string reference,
        string mediaType,
        ReadOnlyMemory<byte> bytes,
        CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        ValidateManifestReference(reference, out var referenceDigest);
        if (!OciMediaTypes.IsManifest(mediaType))
        {
            throw new ArgumentException($"'{DisplayText.Printable(mediaType)}' is not a supported manifest media type.", nameof(mediaType));
        }

        if (bytes.Length > RegistryClientOptions.MaxManifestBytes)
        {
            throw new ArgumentException(
                $"The manifest is {bytes.Length} bytes; registries accept at most {RegistryClientOptions.MaxManifestBytes}.",
                nameof(bytes));
        }

        var digest = Digest.Compute(bytes.Span);
        if (referenceDigest is { } expected && expected != digest)
        {
            throw new DigestMismatchException($"The manifest to push as {repository}@{expected.Value} hashes to {digest.Value}.")
            {
                Expected = expected,
                Actual = digest,
            };
        }

        var operation = new RegistryOperation(registry, repository, reference, "pushing manifest", Push: true);
        var uri = ManifestUri(registry, repository, reference);
        return _transport.ExecuteAsync(
            operation,
            async token =>
            {
                using var response = await _transport.SendAsync(operation, () => PutManifestRequest(uri, mediaType, bytes), replayable: true, token);
                await _transport.EnsureSuccessAsync(response, operation, token);
                ManifestReader.EnsureHeaderDigestMatches(response, operation, digest);
                return new ManifestPushResult(digest, response.Headers.Contains(OciSubjectHeader));
            },
            cancellationToken);
    }

    /// <summary>True when the repository has the blob (HEAD).</summary>
    public async Task<bool> BlobExistsAsync(string registry, string repository, Digest digest, CancellationToken cancellationToken = default) =>
        await GetBlobSizeAsync(registry, repository, digest, cancellationToken) is not null;

    /// <summary>The blob's size from a HEAD request, or null when the repository does not have it.</summary>
    public Task<long?> GetBlobSizeAsync(string registry, string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        var operation = new RegistryOperation(registry, repository, digest.Value, "checking blob", Push: false);
        return _transport.ExecuteAsync(operation, token => _transport.HeadBlobAsync(operation, digest, token), cancellationToken);
    }

    /// <summary>
    /// Streams a blob into <paramref name="destination"/>, hashing it in the same pass. Succeeds only
    /// when every byte arrived and matched <paramref name="digest"/> and <paramref name="expectedSize"/>.
    /// Interrupted transfers are retried when <paramref name="destination"/> can seek (it is rewound).
    /// <paramref name="progress"/> receives the number of bytes written so far.
    /// </summary>
    /// <exception cref="DigestMismatchException">Wrong content or size; what was written must be discarded.</exception>
    public Task<BlobDownload> DownloadBlobAsync(
        string registry,
        string repository,
        Digest digest,
        Stream destination,
        long? expectedSize,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSize ?? 0, nameof(expectedSize));
        return _downloader.DownloadAsync(registry, repository, digest, destination, expectedSize, progress, cancellationToken);
    }

    /// <summary>
    /// Uploads a blob unless the repository already has it: one PUT below
    /// <see cref="RegistryClientOptions.ChunkSize"/>, PATCH chunks above. <paramref name="openContent"/>
    /// is called once per attempt and must return a new stream positioned at the blob's first byte.
    /// </summary>
    /// <exception cref="DigestMismatchException">The content is shorter, longer or other than <paramref name="digest"/>.</exception>
    public Task<BlobUploadOutcome> UploadBlobAsync(
        string registry,
        string repository,
        Digest digest,
        long size,
        Func<Stream> openContent,
        CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(openContent);
        return _uploader.UploadAsync(registry, repository, digest, size, openContent, cancellationToken);
    }

    /// <summary>All tags of a repository, following pagination.</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(string registry, string repository, CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        var operation = new RegistryOperation(registry, repository, null, "listing tags", Push: false);
        return _transport.ExecuteAsync(operation, token => TagLister.ListAsync(_transport, operation, MaxTagPages, token), cancellationToken);
    }

    /// <summary>
    /// The manifests whose <c>subject</c> is <paramref name="digest"/> (OCI distribution 1.1 referrers API), all pages merged
    /// into one index. Null when the registry answers 404: the spec's way of saying it has no referrers API.
    /// </summary>
    public Task<ImageIndex?> GetReferrersAsync(
        string registry,
        string repository,
        Digest digest,
        CancellationToken cancellationToken = default)
    {
        ValidateLocation(registry, repository);
        var operation = new RegistryOperation(registry, repository, digest.Value, "listing referrers of", Push: false);
        return _transport.ExecuteAsync(
            operation,
            token => ReferrersLister.ListAsync(_transport, operation, MaxTagPages, token),
            cancellationToken);
    }

    private Uri ManifestUri(string registry, string repository, string reference) =>
        _transport.BuildUri(registry, $"v2/{repository}/manifests/{reference}");

    private static HttpRequestMessage ManifestRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var type in OciMediaTypes.ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private static HttpRequestMessage PutManifestRequest(Uri uri, string mediaType, ReadOnlyMemory<byte> bytes)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
    }

    private static void ValidateLocation(string registry, string repository)
    {
        OciGrammar.ThrowIfInvalidRegistry(registry, nameof(registry));
        OciGrammar.ThrowIfInvalidRepository(repository, nameof(repository));
    }

    private static void ValidateManifestReference(string reference, out Digest? digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        digest = null;
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            digest = Digest.TryParse(reference, out var parsed, out var error)
                ? parsed
                : throw new ArgumentException($"'{DisplayText.Printable(reference)}' is not a valid digest: {error}.", nameof(reference));
        }
        else if (!OciGrammar.IsValidTag(reference))
        {
            throw new ArgumentException($"'{DisplayText.Printable(reference)}' is not a valid tag.", nameof(reference));
        }
    }
}
