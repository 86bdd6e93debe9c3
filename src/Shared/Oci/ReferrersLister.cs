using System.Net;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// Walks <c>/v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> (OCI distribution 1.1) through its pages. A 404 on the first page
/// means the registry has no referrers API (the spec requires 200 with an empty index for a digest without referrers).
/// </summary>
internal static class ReferrersLister
{
    private const int MaxPageBytes = 4 * 1024 * 1024;

    public static async Task<ImageIndex?> ListAsync(
        RegistryTransport transport,
        RegistryOperation operation,
        int maxPages,
        CancellationToken ct)
    {
        var manifests = new List<OciDescriptor>();
        Uri? next = transport.BuildUri(operation.Registry, $"v2/{operation.Repository}/referrers/{operation.Reference}");
        for (var page = 0; next is not null; page++)
        {
            if (page >= maxPages)
            {
                throw new RegistryException(
                    $"Registry {operation.Registry} returned more than {maxPages} pages of referrers for "
                    + $"{operation.Repository}@{operation.Reference}; refusing to continue.")
                {
                    Registry = operation.Registry,
                    Repository = operation.Repository,
                    Reference = operation.Reference,
                };
            }

            var uri = next;
            using var response = await transport.SendAsync(operation, () => IndexRequest(uri), replayable: true, ct);
            if (page == 0 && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await transport.EnsureSuccessAsync(response, operation, ct);
            var body = await HttpBodies.ReadCappedAsync(response.Content, MaxPageBytes, ct)
                ?? throw new OciFormatException($"A referrers page from {operation.Registry} is larger than {MaxPageBytes} bytes.");
            manifests.AddRange(ImageIndex.Parse(body).Manifests);
            next = LinkHeader.NextPage(response, uri);
        }

        return new ImageIndex { SchemaVersion = 2, MediaType = OciMediaTypes.ImageIndex, Manifests = manifests };
    }

    private static HttpRequestMessage IndexRequest(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(OciMediaTypes.ImageIndex);
        return request;
    }
}
