using System.Collections.Concurrent;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Records every request that leaves an <see cref="HttpClient"/> as "METHOD /path".</summary>
public sealed class CountingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _requests = new();

    public CountingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    public CountingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Requests sent so far, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>How many requests used <paramref name="method"/>.</summary>
    public int Count(HttpMethod method) => _requests.Count(r => r.StartsWith(method.Method + " ", StringComparison.Ordinal));

    public void Clear() => _requests.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}");
        return base.SendAsync(request, cancellationToken);
    }
}
