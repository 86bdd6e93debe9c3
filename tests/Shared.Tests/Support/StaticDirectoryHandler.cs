using System.Net;
using Microsoft.AspNetCore.Http;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Answers a request from a directory as the documented nginx configurations of the language mirrors do: the path decoded (so
/// '@scope%2fname' is '@scope/name'), a directory answered by its index.json, nothing outside the directory.
/// </summary>
public static class StaticDirectoryHandler
{
    public static async Task ServeAsync(HttpContext context, string root)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "/").TrimStart('/');
        var file = Path.GetFullPath(Path.Combine(root, path));
        if (path.Split('/').Any(s => s is "." or "..") || !file.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal))
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }

        var index = Path.Combine(file, "index.json");
        var served = File.Exists(file) ? file : File.Exists(index) ? index : null;
        if (served is null)
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }

        context.Response.ContentType = served.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
        await context.Response.SendFileAsync(served);
    }
}
