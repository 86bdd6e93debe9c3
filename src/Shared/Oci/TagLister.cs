namespace TransferPipeline.Shared.Oci;

/// <summary>Walks <c>/v2/&lt;name&gt;/tags/list</c> pages through their <c>Link: &lt;...&gt;; rel="next"</c> headers.</summary>
internal static class TagLister
{
    private const int MaxPageBytes = 4 * 1024 * 1024;

    public static async Task<IReadOnlyList<string>> ListAsync(RegistryTransport transport, RegistryOperation operation, int maxPages, CancellationToken ct)
    {
        var tags = new List<string>();
        Uri? next = transport.BuildUri(operation.Registry, $"v2/{operation.Repository}/tags/list");
        for (var page = 0; next is not null; page++)
        {
            if (page >= maxPages)
            {
                throw new RegistryException(
                    $"Registry {operation.Registry} returned more than {maxPages} pages of tags for {operation.Repository}; "
                    + "refusing to continue.")
                {
                    Registry = operation.Registry,
                    Repository = operation.Repository,
                };
            }

            var uri = next;
            using var response = await transport.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, uri), replayable: true, ct);
            await transport.EnsureSuccessAsync(response, operation, ct);
            var body = await HttpBodies.ReadCappedAsync(response.Content, MaxPageBytes, ct)
                ?? throw new OciFormatException($"A tag list page from {operation.Registry} is larger than {MaxPageBytes} bytes.");
            var list = OciJson.Deserialize(body, OciJsonContext.Default.TagList, "tag list");
            foreach (var tag in list.Tags ?? [])
            {
                tags.Add(OciGrammar.IsValidTag(tag)
                    ? tag
                    : throw new OciFormatException(
                        $"Registry {operation.Registry} listed an invalid tag '{DisplayText.Printable(tag)}' in {operation.Repository}."));
            }

            next = LinkHeader.NextPage(response, uri);
        }

        return tags;
    }
}
