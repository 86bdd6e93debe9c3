using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// What the package sets of every language and distribution kind (deb, npm, ...) check alike: the document read within its
/// size limit as JSON of its exact shape, and the set's packages against the artifact's blobs.
/// </summary>
public static class PackageSetDocument
{
    /// <summary>
    /// Reads a set of at most <paramref name="maxBytes"/>, without null list entries (<paramref name="hasNullEntry"/>);
    /// anything else is reported to <paramref name="invalid"/>, which returns the exception to throw.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        Stream stream, long maxBytes, JsonTypeInfo<T> type, Func<T, bool> hasNullEntry, Func<string, Exception> invalid,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(hasNullEntry);
        ArgumentNullException.ThrowIfNull(invalid);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw invalid($"the set is larger than {maxBytes} bytes");
        }

        T? set;
        try
        {
            await using var bounded = new BoundedReadStream(stream, maxBytes);
            set = await JsonSerializer.DeserializeAsync(bounded, type, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw invalid($"the set is not well-formed: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            throw invalid(ex.Message);
        }

        return set is null || hasNullEntry(set) ? throw invalid("the set or one of its list entries is null") : set;
    }

    /// <summary>
    /// Why the digests of the set's packages (<paramref name="packages"/>: digest and what to call the package) and the
    /// artifact's <paramref name="blobs"/> after its own digest are not the same set; null when they are.
    /// </summary>
    public static string? BlobsDisagree(IEnumerable<(string Digest, string What)> packages, IReadOnlyList<string> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var listed = packages.ToList();
        var carried = blobs.Skip(1).ToHashSet(StringComparer.Ordinal);
        if (listed.FirstOrDefault(p => !carried.Contains(p.Digest)) is { Digest: not null } unlisted)
        {
            return $"{unlisted.What} ({unlisted.Digest}) is not among the artifact's blobs";
        }

        var described = listed.Select(p => p.Digest).ToHashSet(StringComparer.Ordinal);
        return carried.FirstOrDefault(b => !described.Contains(b)) is { } extra ? $"blob {extra} of the artifact is not a package of the set" : null;
    }
}
