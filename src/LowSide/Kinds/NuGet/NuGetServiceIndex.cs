using System.Text.Json;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Sources;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// Reads a NuGet v3 service index and finds its flat container (<c>PackageBaseAddress/3.0.0</c>), from which packages are
/// downloaded. The flat container must be on the service index's own server (scheme, host and port) and, like every URL the
/// low side fetches, admitted by Sources:Allowed: nuget.org's lies beside its service index's folder (/v3-flatcontainer/ next
/// to /v3/), so "below the service index" would shut out the feed most requests name, while another server would let a
/// service index send the gatherer wherever the operator allowed anything.
/// </summary>
internal static class NuGetServiceIndex
{
    public const string PackageBaseAddress = "PackageBaseAddress/3.0.0";

    /// <summary>The largest service index read (nuget.org's is some 10 KiB).</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The flat container's URL, ending in '/'.</summary>
    public static async Task<Uri> FlatContainerAsync(HttpFileDownloader downloader, SourcePolicy policy, string serviceIndex, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        ArgumentNullException.ThrowIfNull(policy);
        var url = new Uri(serviceIndex, UriKind.Absolute);
        var bytes = await downloader.GetSmallAsync(url, MaxBytes, ct);
        var address = BaseAddress(url, bytes);
        if (!Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var flat)
            || flat.Scheme is not ("http" or "https") || flat.UserInfo.Length > 0 || flat.Query.Length > 0 || flat.Fragment.Length > 0)
        {
            throw Invalid($"{url} names '{address}' as its {PackageBaseAddress}, which is not a plain http(s) URL");
        }

        if (flat.GetLeftPart(UriPartial.Authority) != url.GetLeftPart(UriPartial.Authority))
        {
            throw new GatherRefusedException(LowSideReasons.SourceNotAllowed,
                $"{url} names the flat container {flat}, which is not on the service index's server {url.GetLeftPart(UriPartial.Authority)}");
        }

        return policy.CheckUrl(flat, PackageBaseAddress) is { } refused
            ? throw new GatherRefusedException(LowSideReasons.SourceNotAllowed, $"the flat container of {url}: {refused.Message}")
            : flat;
    }

    private static string BaseAddress(Uri url, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resources", out var resources)
                || resources.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"{url} is not a NuGet v3 service index (no 'resources' array)");
            }

            return resources.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && HasType(r))
                .Select(r => r.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                .FirstOrDefault(id => id is not null)
                ?? throw Invalid($"{url} has no {PackageBaseAddress} resource (a flat container), from which packages are downloaded");
        }
        catch (JsonException ex)
        {
            throw Invalid($"{url} is not JSON: {ex.Message}");
        }
    }

    // "@type" is a string, or (in some feeds) an array of them.
    private static bool HasType(JsonElement resource) =>
        resource.TryGetProperty("@type", out var type)
        && (type.ValueKind == JsonValueKind.String
            ? type.GetString() == PackageBaseAddress
            : type.ValueKind == JsonValueKind.Array
                && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == PackageBaseAddress));

    private static GatherRefusedException Invalid(string message) => new(NuGetReasons.MetadataInvalid, message);
}
