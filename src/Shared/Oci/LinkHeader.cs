namespace TransferPipeline.Shared.Oci;

/// <summary>Follows the <c>Link: &lt;...&gt;; rel="next"</c> header that paginated registry lists (tags, referrers) send.</summary>
internal static class LinkHeader
{
    /// <summary>The next page on the same scheme and host as <paramref name="current"/>, or null when there is none.</summary>
    public static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open < 0 || close < open || !link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var target = new Uri(current, link[(open + 1)..close]);
            // Never let a Link header send us (and our credentials) to another host.
            return target.Authority == current.Authority && target.Scheme == current.Scheme ? target : null;
        }

        return null;
    }
}
