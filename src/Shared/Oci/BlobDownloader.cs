using System.Security.Cryptography;

namespace TransferPipeline.Shared.Oci;

/// <summary>Streams a blob to a destination, verifying size and SHA-256 in the same pass.</summary>
internal sealed class BlobDownloader(RegistryTransport transport)
{
    public async Task<BlobDownload> DownloadAsync(
        string registry,
        string repository,
        Digest digest,
        Stream destination,
        long? expectedSize,
        IProgress<long>? progress,
        CancellationToken ct)
    {
        var operation = new RegistryOperation(registry, repository, digest.Value, "downloading blob", Push: false);
        var uri = transport.BuildUri(registry, $"v2/{repository}/blobs/{digest.Value}");
        var start = destination.CanSeek ? destination.Position : 0;
        var tracker = new WrittenTracker(progress);
        return await transport.ExecuteAsync(
            operation,
            async token =>
            {
                Rewind(destination, start, tracker, operation);
                using var response = await transport.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, uri), replayable: true, token);
                await transport.EnsureSuccessAsync(response, operation, token);
                return await ReceiveAsync(response, operation, digest, destination, expectedSize, tracker, token);
            },
            ct);
    }

    private async Task<BlobDownload> ReceiveAsync(
        HttpResponseMessage response,
        RegistryOperation operation,
        Digest digest,
        Stream destination,
        long? expectedSize,
        WrittenTracker tracker,
        CancellationToken ct)
    {
        var declared = response.Content.Headers.ContentLength;
        if (expectedSize is { } expected && declared is { } announced && announced != expected)
        {
            throw Mismatch(operation, digest, expectedSize, announced, null, $"the registry announced {announced} bytes but the descriptor says {expected}");
        }

        // Leave room for one extra byte so an over-long body is detected rather than cut silently.
        var limit = expectedSize ?? declared ?? long.MaxValue - 1;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var total = await HashingCopier.CopyAsync(body, destination, hash, limit, transport.Options.StallTimeout, tracker, ct);

        if (total > limit)
        {
            throw Mismatch(operation, digest, expectedSize ?? declared, total, null, $"the registry sent more than {limit} bytes");
        }

        if (declared is { } length && total < length)
        {
            // A connection that closed early: transient, the next attempt starts over.
            throw new IOException($"The body of blob {digest.Value} ended after {total} of {length} bytes.");
        }

        if (expectedSize is { } size && total != size)
        {
            throw Mismatch(operation, digest, size, total, null, $"received {total} bytes, the descriptor says {size}");
        }

        var actual = Digest.FromSha256Hash(hash.GetHashAndReset());
        if (actual != digest)
        {
            throw Mismatch(operation, digest, expectedSize, total, actual, $"the content hashes to {actual.Value}");
        }

        await destination.FlushAsync(ct);
        return new BlobDownload(digest, total);
    }

    private static void Rewind(Stream destination, long start, WrittenTracker tracker, RegistryOperation operation)
    {
        if (tracker.Written == 0)
        {
            return;
        }

        if (!destination.CanSeek)
        {
            throw new RegistryException(
                $"Download of blob {operation.Reference} from {operation.Registry} was interrupted after {tracker.Written} bytes "
                + "and the destination cannot be rewound to try again.")
            {
                Registry = operation.Registry,
                Repository = operation.Repository,
                Reference = operation.Reference,
            };
        }

        destination.Position = start;
        destination.SetLength(start);
        tracker.Reset();
    }

    private static DigestMismatchException Mismatch(
        RegistryOperation operation,
        Digest expected,
        long? expectedSize,
        long actualSize,
        Digest? actual,
        string reason) =>
        new($"Blob {expected.Value} from {operation.Registry}/{operation.Repository} does not match its descriptor: {reason}.")
        {
            Expected = expected,
            Actual = actual,
            ExpectedSize = expectedSize,
            ActualSize = actualSize,
        };

    /// <summary>Remembers how much of the current attempt reached the destination, and forwards progress.</summary>
    private sealed class WrittenTracker(IProgress<long>? inner) : IProgress<long>
    {
        public long Written { get; private set; }

        public void Report(long value)
        {
            Written = value;
            inner?.Report(value);
        }

        public void Reset() => Written = 0;
    }
}
