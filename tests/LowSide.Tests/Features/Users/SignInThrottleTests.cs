using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Users;

/// <summary>Failed sign-ins are limited per user and per address and audited; a daemon of its own, since the address stays blocked.</summary>
[NonParallelizable]
public sealed class SignInThrottleTests
{
    [Test]
    public async Task SignIn_SixthFailure_Returns429EvenWithTheRightPasswordAndIsAudited()
    {
        await using var daemon = await ConsoleDaemon.StartAsync();
        await daemon.AddUserAsync("dave", UserRoles.Requester);
        using var browser = daemon.Browser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await ConsoleDaemon.SignInAsync(browser, "dave", "guess number " + attempt);
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"attempt {attempt}");
        }

        using var sixth = await ConsoleDaemon.SignInAsync(browser, "dave", ConsoleDaemon.Password);

        Assert.That((int)sixth.StatusCode, Is.EqualTo(429));
        Assert.That(sixth.Headers.RetryAfter, Is.Not.Null);
        Assert.That(await sixth.Content.ReadAsStringAsync(), Does.Contain("Too many failed sign-ins"));
        Assert.That(sixth.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], Has.None.StartsWith("tp-session="));
        var entries = new List<(string Action, string Subject)>();
        await foreach (var entry in daemon.App.Services.GetRequiredService<AuditTrail>().Log.ReadAsync(0, CancellationToken.None))
        {
            entries.Add((entry.Action, entry.Subject));
        }

        Assert.That(entries.Count(e => e == ("signin.failed", "dave")), Is.EqualTo(5));
        Assert.That(entries, Does.Contain(("signin.throttled", "dave")));
        Assert.That(entries, Does.Not.Contain(("signin.succeeded", "dave")));
    }

    [Test]
    public async Task SignIn_TwentyGuessesPostedAtOnce_OnlyFiveCheckedTheRest429()
    {
        await using var daemon = await ConsoleDaemon.StartAsync();
        await daemon.AddUserAsync("erin", UserRoles.Requester);
        using var browser = daemon.Browser();
        var token = await ConsoleDaemon.FormTokenAsync(browser, "/signin");

        // A script's burst: the form posted twenty times before the first answer comes back.
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => browser.PostAsync(new Uri("/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Name"] = "erin",
                ["Password"] = $"burst guess {i}",
            }))));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.That(statuses.Count(s => s == 200), Is.EqualTo(5), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == 429), Is.EqualTo(15), string.Join(", ", statuses));
        var failed = 0;
        await foreach (var entry in daemon.App.Services.GetRequiredService<AuditTrail>().Log.ReadAsync(0, CancellationToken.None))
        {
            failed += entry is { Action: "signin.failed", Subject: "erin" } ? 1 : 0;
        }

        Assert.That(failed, Is.EqualTo(5));
    }
}
