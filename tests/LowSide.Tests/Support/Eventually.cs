namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>Polls until a condition holds, within a bounded time.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {last}");
            }

            await Task.Delay(20);
            last = await read();
        }

        return last;
    }
}
