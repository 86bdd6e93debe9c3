using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// Polls until a condition holds, within a bounded time; a timeout fails the test with what was last
/// seen and the caller's diagnostics.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads until <paramref name="done"/> holds and returns that value. Give a short <paramref name="interval"/>
    /// when the test must act the moment the condition holds (to kill a daemon mid-work).
    /// </summary>
    public static async Task<T> GetAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        TimeSpan timeout,
        string what,
        Func<string>? diagnostics = null,
        TimeSpan? interval = null,
        CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var last = await read();
        while (!done(last))
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; "
                    + $"last seen: {Describe(last)}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(interval ?? DefaultInterval, ct);
            last = await read();
        }

        return last;
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string and not JsonNode => string.Join(", ", items.Cast<object>()),
        _ => value?.ToString() ?? "null",
    };
}
