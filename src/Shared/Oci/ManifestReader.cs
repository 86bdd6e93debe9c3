namespace TransferPipeline.Shared.Oci;

/// <summary>Reads a manifest response: size cap, media type, and digest checks.</summary>
internal static class ManifestReader
{
    public static async Task<ManifestResult> ReadAsync(HttpResponseMessage response, RegistryOperation operation, Digest? expected, CancellationToken ct)
    {
        var bytes = await HttpBodies.ReadCappedAsync(response.Content, RegistryClientOptions.MaxManifestBytes, ct)
            ?? throw Refuse(operation, $"it is larger than the {RegistryClientOptions.MaxManifestBytes / (1024 * 1024)} MiB limit for manifests");

        var mediaType = ResolveMediaType(response.Content.Headers.ContentType?.MediaType, bytes)
            ?? throw Refuse(
                operation,
                $"its media type '{DisplayText.Printable(response.Content.Headers.ContentType?.MediaType)}' "
                + "is not an OCI or Docker v2 manifest or index");

        var digest = Digest.Compute(bytes);
        if (expected is { } pinned && pinned != digest)
        {
            throw new DigestMismatchException(
                $"Registry {operation.Registry} served manifest {operation.Repository}@{pinned.Value} "
                + $"with content that hashes to {digest.Value}.")
            {
                Expected = pinned,
                Actual = digest,
                ActualSize = bytes.Length,
            };
        }

        EnsureHeaderDigestMatches(response, operation, digest);
        return new ManifestResult(operation.Registry, operation.Repository!, operation.Reference!, mediaType, digest, bytes);
    }

    /// <summary>Refuses a Docker-Content-Digest header that contradicts the bytes; ignores other algorithms.</summary>
    public static void EnsureHeaderDigestMatches(HttpResponseMessage response, RegistryOperation operation, Digest actual)
    {
        if (!response.Headers.TryGetValues("Docker-Content-Digest", out var values) || values.FirstOrDefault() is not { } header)
        {
            return;
        }

        if (!header.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal))
        {
            return;
        }

        if (!Digest.TryParse(header, out var claimed, out _) || claimed != actual)
        {
            throw new DigestMismatchException(
                $"Registry {operation.Registry} says manifest {operation.Subject} has digest {DisplayText.Printable(header)}, "
                + $"but its content hashes to {actual.Value}.")
            {
                Expected = actual,
                Actual = actual,
            };
        }
    }

    private static string? ResolveMediaType(string? contentType, byte[] bytes)
    {
        if (contentType is not null && OciMediaTypes.IsManifest(contentType))
        {
            return contentType;
        }

        // Some registries answer application/json or nothing; the document itself then decides.
        if (contentType is not (null or "application/json" or "text/plain" or "application/octet-stream"))
        {
            return null;
        }

        MediaTypeProbe probe;
        try
        {
            probe = OciJson.Deserialize(bytes, OciJsonContext.Default.MediaTypeProbe, "manifest");
        }
        catch (OciFormatException)
        {
            return null;
        }

        if (probe.MediaType is { } declared)
        {
            return OciMediaTypes.IsManifest(declared) ? declared : null;
        }

        return (probe.Manifests, probe.Config) switch
        {
            ({ }, null) => OciMediaTypes.ImageIndex,
            (null, { }) => OciMediaTypes.ImageManifest,
            _ => null,
        };
    }

    private static RegistryException Refuse(RegistryOperation operation, string reason) =>
        new($"Refusing manifest {operation.Subject[(operation.Description.Length + 1)..]} from {operation.Registry}: {reason}.")
        {
            Registry = operation.Registry,
            Repository = operation.Repository,
            Reference = operation.Reference,
        };
}
