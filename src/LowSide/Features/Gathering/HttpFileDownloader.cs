using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Streams an http(s) file into the content store, checking the expected sha256 when one is known.
/// Redirects are not followed (a redirect could leave the allowed sources); 5xx, 408, 429, broken connections and
/// bodies that stall (Gathering:StallTimeout) are retried with exponential backoff; other refusals are permanent.
/// </summary>
internal sealed class HttpFileDownloader : IDisposable
{
    private readonly HttpClient _http;
    private readonly ContentStore _store;
    private readonly long _maxBytes;
    private readonly TimeSpan _stallTimeout;
    private readonly SourcePolicy _policy;
    private readonly ResiliencePipeline _retry;

    public HttpFileDownloader(
        ContentStore store,
        SourcePolicy policy,
        IOptions<GatheringOptions> options,
        TimeProvider timeProvider,
        ILogger<HttpFileDownloader> logger)
    {
        _store = store;
        _policy = policy;
        _maxBytes = options.Value.MaxDownloadBytes;
        _stallTimeout = options.Value.StallTimeout;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(30) };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("TransferPipeline-LowSide");
        _retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.Value.MaxAttempts - 1),
                Delay = options.Value.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>(e => e is not BlobDigestMismatchException)
                    .Handle<TimeoutException>(),
                OnRetry = args =>
                {
                    logger.LogWarning("Download attempt {Attempt} failed ({Reason}); retrying in {Delay}",
                        args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Downloads <paramref name="url"/>; returns the stored blob. <paramref name="check"/>, when given, wraps the body as it is
    /// stored (an ecosystem's own hash, checked at the end of the stream by throwing <see cref="BlobDigestMismatchException"/>).
    /// </summary>
    /// <exception cref="GatherRefusedException">Not allowed, not found, refused, or the content does not match.</exception>
    public async Task<StoredBlob> DownloadAsync(
        Uri url, string? expectedSha256, TransferProgress progress, CancellationToken ct, long? expectedSize = null,
        Func<Stream, Stream>? check = null)
    {
        if (_policy.CheckUrl(url, "url") is { } refused)
        {
            throw new GatherRefusedException(refused.Message);
        }

        var expectedDigest = expectedSha256 is null ? null : "sha256:" + expectedSha256;
        try
        {
            return await _retry.ExecuteAsync(async token => await AttemptAsync(url, expectedDigest, expectedSize, check, progress, token), ct);
        }
        catch (BlobDigestMismatchException ex)
        {
            throw new GatherRefusedException($"{url} does not match the expected sha256: {ex.Message}", ex);
        }
        catch (Exception ex) when ((ex is HttpRequestException or TimeoutException) && !ct.IsCancellationRequested)
        {
            throw new GatherRefusedException($"{url} could not be downloaded after retries: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Downloads <paramref name="url"/> into the store's incoming directory, hashing it with SHA-256 and SHA-512 in the one pass
    /// that writes it; <paramref name="inspect"/> then reads the complete file (given its path and base64 SHA-512) and refuses
    /// it by throwing, so only what it accepts ever enters the store. Returns the stored blob, the SHA-512 and what inspect found.
    /// </summary>
    /// <exception cref="GatherRefusedException">Not allowed, not found, refused, or refused by <paramref name="inspect"/>.</exception>
    public async Task<(StoredBlob Blob, string Sha512, T Inspected)> DownloadInspectedAsync<T>(
        Uri url, Func<string, string, T> inspect, TransferProgress progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspect);
        if (_policy.CheckUrl(url, "url") is { } refused)
        {
            throw new GatherRefusedException(refused.Message);
        }

        var temporary = Path.Combine(_store.Root, "incoming", Guid.NewGuid().ToString("N") + ".download");
        try
        {
            var (hashed, sha512) = await _retry.ExecuteAsync(async token => await AttemptToFileAsync(url, temporary, progress, token), ct);
            var inspected = inspect(temporary, sha512);
            return (_store.AdoptVerified(temporary, "sha256:" + hashed.Sha256, hashed.Length), sha512, inspected);
        }
        catch (Exception ex) when ((ex is HttpRequestException or TimeoutException) && !ct.IsCancellationRequested)
        {
            throw new GatherRefusedException($"{url} could not be downloaded after retries: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a small document (a chart index) fully, at most <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> GetSmallAsync(Uri url, long maxBytes, CancellationToken ct)
    {
        if (_policy.CheckUrl(url, "url") is { } refused)
        {
            throw new GatherRefusedException(refused.Message);
        }

        return await _retry.ExecuteAsync(async token =>
        {
            using var response = await SendAsync(url, token);
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new GatherRefusedException($"{url} is larger than {maxBytes} bytes");
            }

            await using var received = await response.Content.ReadAsStreamAsync(token);
            using var body = Guarded(url, received);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, token)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new GatherRefusedException($"{url} is larger than {maxBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }, ct);
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="path"/> outside the store (an index read once, then dropped),
    /// refusing it unless it is exactly <paramref name="size"/> bytes with SHA-256 <paramref name="sha256"/>.
    /// </summary>
    public async Task DownloadFileAsync(Uri url, string path, long size, string sha256, CancellationToken ct)
    {
        if (_policy.CheckUrl(url, "url") is { } refused)
        {
            throw new GatherRefusedException(refused.Message);
        }

        await _retry.ExecuteAsync(async token =>
        {
            using var response = await SendAsync(url, token);
            await using var received = await response.Content.ReadAsStreamAsync(token);
            using var body = Guarded(url, received);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            HashedLength hashed;
            try
            {
                hashed = await Sha256Digest.CopyAsync(new BoundedReadStream(body, size), file, null, null, token);
            }
            catch (InvalidDataException)
            {
                throw new GatherRefusedException($"{url} does not match the expected sha256: it is larger than the {size} bytes expected");
            }

            if (hashed.Length != size || hashed.Sha256 != sha256)
            {
                throw new GatherRefusedException($"{url} does not match the expected sha256: "
                    + $"{hashed.Length} bytes with sha256 {hashed.Sha256}, expected {size} bytes with {sha256}");
            }
        }, ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<StoredBlob> AttemptAsync(
        Uri url, string? expectedDigest, long? expectedSize, Func<Stream, Stream>? check, TransferProgress progress, CancellationToken ct)
    {
        using var response = await SendAsync(url, ct);
        var length = response.Content.Headers.ContentLength;
        if (length is { } known)
        {
            progress.AddTotal(known);
        }

        await using var received = await response.Content.ReadAsStreamAsync(ct);
        var bounded = Bounded(url, received, expectedSize, length);
        await using var body = check?.Invoke(bounded) ?? bounded;
        var item = progress.Deltas();
        var stored = await _store.PutAsync(body, expectedDigest, expectedSize ?? length, item, ct);
        if (stored.AlreadyPresent && length is { } skipped)
        {
            item.Report(skipped);
        }

        return stored;
    }

    private async Task<(HashedLength Hashed, string Sha512)> AttemptToFileAsync(
        Uri url, string path, TransferProgress progress, CancellationToken ct)
    {
        using var response = await SendAsync(url, ct);
        if (response.Content.Headers.ContentLength is { } known)
        {
            progress.AddTotal(known);
        }

        await using var received = await response.Content.ReadAsStreamAsync(ct);
        var body = Bounded(url, received, null, response.Content.Headers.ContentLength);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        var hashed = await Sha256Digest.CopyAsync(body, file, null, progress.Deltas(), ct, sha512);
        return (hashed, Sha512Base64.Of(sha512.GetHashAndReset()));
    }

    // The body, refused once it passes the size expected of it (the request's or a signed index's), the size the server
    // announced, or Gathering:MaxDownloadBytes; at once when the size expected or announced is already past the limit.
    private BoundedReadStream Bounded(Uri url, Stream body, long? expected, long? announced)
    {
        var guarded = Guarded(url, body);
        var size = expected ?? announced;
        if (size > _maxBytes)
        {
            throw new GatherRefusedException($"{url} is {size} bytes, more than Gathering:MaxDownloadBytes ({_maxBytes})");
        }

        return new BoundedReadStream(guarded, size ?? _maxBytes, () => new GatherRefusedException(
            expected is not null ? $"{url} does not match the expected sha256: it is larger than the {expected} bytes expected"
            : announced is not null ? $"{url} sent more than the {announced} bytes it announced"
            : $"{url} sent more than Gathering:MaxDownloadBytes ({_maxBytes} bytes)"));
    }

    private StallGuardStream Guarded(Uri url, Stream body) => new(body, _stallTimeout, url.ToString());

    private async Task<HttpResponseMessage> SendAsync(Uri url, CancellationToken ct)
    {
        var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = response.StatusCode;
        response.Dispose();
        if ((int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            throw new HttpRequestException($"{url} answered {(int)status} {status}", null, status);
        }

        throw (int)status is >= 300 and < 400
            ? new GatherRefusedException($"{url} redirects ({(int)status}); redirects are not followed: request the final URL")
            : new GatherRefusedException($"{url} answered {(int)status} {status}");
    }
}
