namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>Polls until a condition holds, within a bounded time; a timeout fails with what was last seen and the caller's diagnostics.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    public static Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, Func<string> diagnostics,
        CancellationToken ct) =>
        GetAsync(read, done, timeout, what, diagnostics, DefaultInterval, ct);

    // A short interval when the caller must act the moment the condition holds (to kill a daemon mid-work).
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, Func<string> diagnostics,
        TimeSpan interval, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {Describe(last)}\n{diagnostics()}");
            }

            await Task.Delay(interval, ct);
            last = await read();
        }

        return last;
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string => string.Join(", ", items.Cast<object>()),
        _ => value?.ToString() ?? "null",
    };
}
