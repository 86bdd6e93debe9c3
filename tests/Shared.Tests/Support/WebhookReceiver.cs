using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A site's webhook receiver (its chat or ticket system), on 127.0.0.1 at a free port: records every POST to
/// <see cref="Url"/> and answers with the statuses it was given, in order, then 200; or, when started hanging, never answers.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookPost> _posts;
    private readonly CancellationTokenSource _stopping;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<WebhookPost> posts, CancellationTokenSource stopping, Uri url)
    {
        _app = app;
        _posts = posts;
        _stopping = stopping;
        Url = url;
    }

    /// <summary>http://127.0.0.1:PORT/hooks/transfer?token=receiver-token (a token in the query, as some chat systems have).</summary>
    public Uri Url { get; }

    /// <summary>What was received so far, in order of arrival.</summary>
    public IReadOnlyList<WebhookPost> Posts => [.. _posts];

    /// <summary>Answers the first POSTs with <paramref name="statuses"/>, in order, and every later one with 200.</summary>
    public static Task<WebhookReceiver> StartAsync(params int[] statuses) => StartAsync(hang: false, statuses);

    /// <summary>Accepts every POST, reads it, and never answers (until the client gives up or the receiver is disposed).</summary>
    public static Task<WebhookReceiver> StartHangingAsync() => StartAsync(hang: true, []);

    /// <summary>The posts once <paramref name="done"/> holds for them; fails the test after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<WebhookPost>> WaitForAsync(Func<IReadOnlyList<WebhookPost>, bool> done, TimeSpan timeout, string what,
        Func<string>? diagnostics = null) =>
        Eventually.GetAsync(() => Task.FromResult(Posts), done, timeout, what, diagnostics);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static async Task<WebhookReceiver> StartAsync(bool hang, int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var posts = new ConcurrentQueue<WebhookPost>();
        var answers = new ConcurrentQueue<int>(statuses);
        var stopping = new CancellationTokenSource();
        app.MapPost("/hooks/transfer", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var answer = hang ? 0 : answers.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
            var headers = context.Request.Headers;
            posts.Enqueue(new WebhookPost(DateTimeOffset.UtcNow, headers["X-TransferPipeline-Id"], headers["X-TransferPipeline-Event"],
                headers["X-TransferPipeline-Timestamp"], headers["X-TransferPipeline-Signature"], context.Request.ContentType, body.ToArray(), answer));
            if (hang)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
                await Task.Delay(Timeout.InfiniteTimeSpan, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            context.Response.StatusCode = answer;
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.StartAsync(timeout.Token);
        var port = new Uri(app.Urls.Single()).Port;
        return new WebhookReceiver(app, posts, stopping, new Uri($"http://127.0.0.1:{port}/hooks/transfer?token=receiver-token"));
    }
}
