namespace TransferPipeline.Shared.Oci;

/// <summary>A manifest exactly as the registry served it, with its verified digest.</summary>
/// <param name="Registry">Registry host[:port].</param>
/// <param name="Repository">Repository it was fetched from.</param>
/// <param name="Reference">The tag or digest it was fetched by.</param>
/// <param name="MediaType">One of <see cref="OciMediaTypes.ManifestTypes"/>.</param>
/// <param name="Digest">SHA-256 of <paramref name="Bytes"/>.</param>
/// <param name="Bytes">The raw bytes; push these unchanged so digests stay identical.</param>
public sealed record ManifestResult(string Registry, string Repository, string Reference, string MediaType, Digest Digest, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>True for an OCI index or Docker manifest list.</summary>
    public bool IsIndex => OciMediaTypes.IsIndex(MediaType);

    /// <summary>Parses the bytes as an index; throws <see cref="OciFormatException"/> if this is not one or it is invalid.</summary>
    public ImageIndex ParseIndex()
    {
        if (!IsIndex)
        {
            throw new OciFormatException($"{Repository}@{Digest} is a {MediaType}, not an index.");
        }

        var index = ImageIndex.Parse(Bytes.Span);
        EnsureDeclaredTypeMatches(index.MediaType);
        return index;
    }

    /// <summary>Parses the bytes as an image manifest; throws <see cref="OciFormatException"/> if this is not one or it is invalid.</summary>
    public ImageManifest ParseManifest()
    {
        if (!OciMediaTypes.IsImageManifest(MediaType))
        {
            throw new OciFormatException($"{Repository}@{Digest} is a {MediaType}, not an image manifest.");
        }

        var manifest = ImageManifest.Parse(Bytes.Span);
        EnsureDeclaredTypeMatches(manifest.MediaType);
        return manifest;
    }

    // A body claiming one type while served as another is how type-confusion attacks start.
    private void EnsureDeclaredTypeMatches(string? declared)
    {
        if (declared is not null && declared != MediaType)
        {
            throw new OciFormatException($"{Repository}@{Digest} was served as {MediaType} but its mediaType field says {DisplayText.Printable(declared)}.");
        }
    }
}
