using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// Issue #19 item 4, the real `lowside serve` as systemd runs it (JOURNAL_STREAM and INVOCATION_ID set): its console output is
/// one compact JSON event per line, for journald; and with Metrics:TokenFile, /metrics answers only the bearer token, also
/// when asked for as `/metrics/` (which routing serves as /metrics).
/// </summary>
[TestFixture]
internal sealed class ServeUnderSystemdTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Serve_UnderSystemdWithMetricsToken_LogsOneJsonEventPerLineAndMetricsWantTheToken(CancellationToken ct)
    {
        using var temp = new TempDirectory("systemd-serve");
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var tokenFile = temp.Combine("metrics.token");
        await File.WriteAllTextAsync(tokenFile, token + "\n", ct);
        var baseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}/"));
        var lowside = ProductExecutable.LowSide(new Dictionary<string, string>
        {
            ["LOWSIDE__Http__Urls"] = baseUri.ToString().TrimEnd('/'),
            ["LOWSIDE__Metrics__TokenFile"] = tokenFile,
            ["JOURNAL_STREAM"] = "8:4242",
            ["INVOCATION_ID"] = "0123456789abcdef0123456789abcdef",
        }).WithData(temp.Combine("data"));
        await lowside.SucceedAsync("init", "--site", "site-a", "--no-password");

        await using var serve = await lowside.StartServeAsync(new Uri(baseUri, "health"), TimeSpan.FromSeconds(30), ct);
        using var http = new HttpClient { BaseAddress = baseUri };
        var (none, wrong, right) = (await ScrapeAsync(http, null, ct), await ScrapeAsync(http, "not-" + token, ct), await ScrapeAsync(http, token, ct));
        var slashed = await ScrapeAsync(http, null, ct, "metrics/");
        var slashedWithToken = await ScrapeAsync(http, token, ct, "metrics/");
        Assert.That(await serve.StopAsync(), Is.Zero, serve.Output);

        Assert.Multiple(() =>
        {
            Assert.That(none.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(right.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(right.Body, Does.Contain("transferpipeline_requests{").And.Contain("transferpipeline_queue_depth{"));
            Assert.That(slashed.Status, Is.EqualTo(HttpStatusCode.Unauthorized), "the same endpoint by another path: " + slashed.Body);
            Assert.That(slashedWithToken.Status, Is.EqualTo(HttpStatusCode.OK), "routing serves /metrics/ as /metrics");
        });
        var lines = serve.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var events = lines.Select(line => ParseEvent(line, serve.Output)).ToList();
        Assert.That(events, Has.Count.GreaterThanOrEqualTo(3), serve.Output);
        Assert.That(events.Select(e => e.GetProperty("@t").GetString()), Has.All.Match(@"^\d{4}-\d\d-\d\dT"), serve.Output);
        Assert.That(events.Select(e => e.GetProperty("@m").GetString()), Has.Some.Contain("Now listening on"), serve.Output);
        Assert.That(events.Where(e => e.TryGetProperty("address", out _)), Is.Not.Empty, "properties stay fields of the event");
    }

    private static JsonElement ParseEvent(string line, string output)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object), line);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            Assert.Fail($"not one JSON event per line: {line} ({ex.Message})\n{output}");
            throw;
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> ScrapeAsync(HttpClient http, string? token, CancellationToken ct,
        string path = "metrics")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
