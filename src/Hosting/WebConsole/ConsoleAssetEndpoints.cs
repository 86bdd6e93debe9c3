using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>GET /assets/{name}: the registered <see cref="ConsoleAsset"/>s, with an ETag; anything else is 404.</summary>
internal static class ConsoleAssetEndpoints
{
    public static void MapConsoleAssets(this IEndpointRouteBuilder app)
    {
        var assets = app.ServiceProvider.GetServices<ConsoleAsset>()
            .ToDictionary(a => a.Name, a => (Asset: a, ETag: ETagOf(a)), StringComparer.Ordinal);
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!assets.TryGetValue(name, out var found))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-cache";
            var stream = found.Asset.Assembly.GetManifestResourceStream(found.Asset.ResourceName)!;
            return Results.Stream(stream, found.Asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(found.ETag));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static string ETagOf(ConsoleAsset asset)
    {
        using var stream = asset.Assembly.GetManifestResourceStream(asset.ResourceName)
            ?? throw new InvalidOperationException($"The console asset {asset.Name} names no embedded resource {asset.ResourceName}.");
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(stream))[..16] + "\"";
    }
}
