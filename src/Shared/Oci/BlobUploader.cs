using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// The distribution upload protocol: POST to open a session, then either one PUT with the whole
/// blob (smaller than a chunk) or PATCH chunks followed by a closing PUT ?digest=. The bytes are
/// hashed while they are sent, and the closing PUT that makes the blob exist is sent only when they
/// match the digest: content altered at the source is never committed, and the session is cancelled.
/// </summary>
internal sealed class BlobUploader(RegistryTransport transport)
{
    public Task<BlobUploadOutcome> UploadAsync(
        string registry,
        string repository,
        Digest digest,
        long size,
        Func<Stream> openContent,
        CancellationToken ct)
    {
        var operation = new RegistryOperation(registry, repository, digest.Value, "uploading blob", Push: true);
        return transport.ExecuteAsync(
            operation,
            async token =>
            {
                if (await transport.HeadBlobAsync(operation, digest, token) is not null)
                {
                    return BlobUploadOutcome.AlreadyPresent;
                }

                // Each attempt reopens the content and starts a fresh session: simpler and safer than resuming.
                await using var content = openContent() ?? throw new InvalidOperationException("openContent returned no stream.");
                try
                {
                    await UploadOnceAsync(operation, digest, size, content, token);
                }
                catch (Exception ex) when (FindShortContent(ex) is { } shortContent)
                {
                    throw new DigestMismatchException(
                        $"Blob {digest.Value} could not be uploaded to {registry}/{repository}: {shortContent.Message}",
                        shortContent)
                    {
                        Expected = digest,
                        ExpectedSize = size,
                        InLocalContent = true,
                    };
                }

                return BlobUploadOutcome.Uploaded;
            },
            ct);
    }

    private async Task UploadOnceAsync(RegistryOperation operation, Digest digest, long size, Stream content, CancellationToken ct)
    {
        var (location, minChunk) = await StartSessionAsync(operation, ct);
        var chunkSize = Math.Max(transport.Options.ChunkSize, minChunk);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (size < chunkSize)
        {
            using var put = await transport.SendAsync(
                operation,
                () => new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new StreamSliceContent(content, size, hash) },
                replayable: false,
                ct);
            await EnsureNoTrailingDataAsync(content, operation, digest, size, ct);
            VerifyHash(hash, operation, digest, size);
            await EnsureCreatedAsync(put, operation, digest, ct);
            return;
        }

        for (long offset = 0; offset < size;)
        {
            var length = Math.Min(chunkSize, size - offset);
            location = await SendChunkAsync(operation, location, content, offset, length, hash, ct);
            offset += length;
        }

        await EnsureNoTrailingDataAsync(content, operation, digest, size, ct);
        try
        {
            VerifyHash(hash, operation, digest, size);
        }
        catch (DigestMismatchException)
        {
            await CancelSessionAsync(operation, location);
            throw;
        }

        using var close = await transport.SendAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)),
            replayable: true,
            ct);
        await EnsureCreatedAsync(close, operation, digest, ct);
    }

    private async Task<(Uri Location, long MinChunk)> StartSessionAsync(RegistryOperation operation, CancellationToken ct)
    {
        var uri = transport.BuildUri(operation.Registry, $"v2/{operation.Repository}/blobs/uploads/");
        using var response = await transport.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Post, uri), replayable: true, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await UnexpectedAsync(response, operation, "202 Accepted", ct);
        }

        long minChunk = 0;
        if (response.Headers.TryGetValues("OCI-Chunk-Min-Length", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            minChunk = parsed;
        }

        return (RegistryTransport.RequireLocation(response, operation), minChunk);
    }

    private async Task<Uri> SendChunkAsync(
        RegistryOperation operation,
        Uri location,
        Stream content,
        long offset,
        long length,
        IncrementalHash hash,
        CancellationToken ct)
    {
        var last = offset + length - 1;
        using var response = await transport.SendAsync(
            operation,
            () =>
            {
                var slice = new StreamSliceContent(content, length, hash);
                slice.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{last}");
                return new HttpRequestMessage(HttpMethod.Patch, location) { Content = slice };
            },
            replayable: false,
            ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await UnexpectedAsync(response, operation, "202 Accepted", ct);
        }

        // Range says what the registry holds so far ("0-<last>"); anything else means we are out of step.
        if (response.Headers.TryGetValues("Range", out var ranges)
            && ranges.FirstOrDefault() is { } range
            && !range.EndsWith($"-{last}", StringComparison.Ordinal))
        {
            throw new RegistryException(
                $"Registry {operation.Registry} acknowledged {DisplayText.Printable(range)} while uploading {operation.Reference}; "
                + $"expected up to byte {last}.")
            {
                Registry = operation.Registry,
                Repository = operation.Repository,
                Reference = operation.Reference,
                IsTransient = true,
            };
        }

        return RegistryTransport.RequireLocation(response, operation);
    }

    private async Task EnsureCreatedAsync(HttpResponseMessage response, RegistryOperation operation, Digest digest, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await UnexpectedAsync(response, operation, "201 Created", ct);
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
            && values.FirstOrDefault() is { } header
            && header != digest.Value)
        {
            throw new DigestMismatchException(
                $"Registry {operation.Registry} stored blob {digest.Value} in {operation.Repository} "
                + $"under digest {DisplayText.Printable(header)}.")
            {
                Expected = digest,
            };
        }
    }

    private static async Task EnsureNoTrailingDataAsync(Stream content, RegistryOperation operation, Digest digest, long size, CancellationToken ct)
    {
        var probe = new byte[1];
        if (await content.ReadAsync(probe, ct) > 0)
        {
            throw new DigestMismatchException(
                $"Blob {digest.Value} for {operation.Registry}/{operation.Repository} has more content "
                + $"than its declared size of {size} bytes.")
            {
                Expected = digest,
                ExpectedSize = size,
                InLocalContent = true,
            };
        }
    }

    private static void VerifyHash(IncrementalHash hash, RegistryOperation operation, Digest digest, long size)
    {
        var actual = Digest.FromSha256Hash(hash.GetHashAndReset());
        if (actual != digest)
        {
            throw new DigestMismatchException(
                $"The content uploaded as blob {digest.Value} to {operation.Registry}/{operation.Repository} hashes to {actual.Value}.")
            {
                Expected = digest,
                Actual = actual,
                ExpectedSize = size,
                ActualSize = size,
                InLocalContent = true,
            };
        }
    }

    private async Task CancelSessionAsync(RegistryOperation operation, Uri location)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await transport.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Delete, location), replayable: true, cts.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or RegistryException)
        {
            // Best effort: the registry purges abandoned uploads on its own.
        }
    }

    private async Task<RegistryException> UnexpectedAsync(HttpResponseMessage response, RegistryOperation operation, string expected, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            return await transport.ErrorAsync(response, operation, ct);
        }

        return new RegistryException($"Registry {operation.Registry} answered HTTP {(int)response.StatusCode} while {operation.Subject}; expected {expected}.")
        {
            StatusCode = response.StatusCode,
            Registry = operation.Registry,
            Repository = operation.Repository,
            Reference = operation.Reference,
        };
    }

    private static Uri WithDigest(Uri location, Digest digest)
    {
        var builder = new UriBuilder(location);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "digest=" + Uri.EscapeDataString(digest.Value);
        return builder.Uri;
    }

    private static InvalidDataException? FindShortContent(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is InvalidDataException found)
            {
                return found;
            }
        }

        return null;
    }
}
