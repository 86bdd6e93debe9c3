using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace TransferPipeline.Shared.Hashing;

/// <summary>SHA-256 helpers working on streams with pooled buffers.</summary>
public static class Sha256Digest
{
    /// <summary>Buffer size for streaming hash and copy loops.</summary>
    public const int BufferSize = 1024 * 1024;

    /// <summary>Lowercase hex of a 32-byte hash.</summary>
    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>True when <paramref name="value"/> is exactly 64 lowercase hex digits.</summary>
    public static bool IsHex(string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hashes the whole stream, reading it once, on the calling thread.</summary>
    public static HashedLength Compute(Stream source, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new HashedLength(total, ToHex(hash.GetHashAndReset()));
    }

    /// <summary>Hashes a file on the calling thread.</summary>
    public static HashedLength ComputeFile(string path, CancellationToken cancellationToken)
    {
        using var stream = OpenSequential(path);
        return Compute(stream, cancellationToken);
    }

    /// <summary>Hashes the whole stream, reading it once.</summary>
    public static async Task<HashedLength> ComputeAsync(Stream source, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new HashedLength(total, ToHex(hash.GetHashAndReset()));
    }

    /// <summary>Hashes a file.</summary>
    public static async Task<HashedLength> ComputeFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenSequential(path);
        return await ComputeAsync(stream, cancellationToken);
    }

    /// <summary>
    /// Copies at most <paramref name="length"/> bytes (all when null) from source to destination, hashing
    /// them in the same pass (and into <paramref name="alsoHash"/>, for a blob split into chunks). Fails
    /// when the source ends before <paramref name="length"/> bytes.
    /// </summary>
    public static async Task<HashedLength> CopyAsync(
        Stream source, Stream destination, long? length, IProgress<long>? progress, CancellationToken cancellationToken,
        IncrementalHash? alsoHash = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        Task? second = null;
        try
        {
            while (length is null || total < length)
            {
                var want = length is null ? BufferSize : (int)Math.Min(BufferSize, length.Value - total);
                var read = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                // The second hash runs on another core while this one hashes and writes: a chunked blob
                // otherwise costs two SHA-256 passes on one core.
                var count = read;
                second = alsoHash is null ? null : Task.Run(() => alsoHash.AppendData(buffer, 0, count), CancellationToken.None);
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (second is not null)
                {
                    await second;
                    second = null;
                }

                total += read;
                progress?.Report(read);
            }
        }
        finally
        {
            if (second is not null)
            {
                // The buffer goes back to the pool only once nothing reads it any more.
                await second.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (length is not null && total != length)
        {
            throw new EndOfStreamException(string.Create(CultureInfo.InvariantCulture,
                $"The source ended after {total} of {length} bytes."));
        }

        return new HashedLength(total, ToHex(hash.GetHashAndReset()));
    }

    /// <summary>Opens a file for one sequential read without an extra managed buffer.</summary>
    public static FileStream OpenSequential(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
        });
}
