using Microsoft.AspNetCore.Http;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>Forwards a request to the shared real registry, for fake servers that add faults or auth in front of it.</summary>
internal static class RegistryProxy
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task ForwardAsync(HttpContext context)
    {
        var target = new Uri(SharedServers.Registry.BaseUri, context.Request.Path.Value + context.Request.QueryString.Value);
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        foreach (var accept in context.Request.Headers.Accept)
        {
            forward.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
