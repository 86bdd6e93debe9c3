using System.Collections.Concurrent;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// Counts failed sign-ins to either console per account name and per client address; at <paramref name="maxFailures"/>
/// within <paramref name="window"/> the next attempt is refused until the oldest failure leaves the window, so guessing
/// is slow for one account from many addresses and for many accounts from one. Kept in memory: the daemon is one
/// process, and a restart (which only the operator can cause) forgets it.
/// </summary>
public sealed class SignInThrottle(int maxFailures, TimeSpan window, TimeProvider clock)
{
    // Bounds memory against a flood of made-up names: beyond it, entries whose failures all left the window are dropped.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until another attempt for this name from this address may be made; null when it may be made now.</summary>
    public TimeSpan? RetryAfter(string name, string address)
    {
        var now = clock.GetUtcNow();
        var wait = new[] { Wait(AccountKey(name), now), Wait(AddressKey(address), now) }.Max();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string name, string address)
    {
        var now = clock.GetUtcNow();
        Add(AccountKey(name), now);
        Add(AddressKey(address), now);
        if (_failures.Count > PruneAbove)
        {
            Prune(now);
        }
    }

    /// <summary>A complete sign-in clears the account's failures; the address keeps its own, so one's own account cannot reset guessing at others.</summary>
    public void Succeeded(string name) => _failures.TryRemove(AccountKey(name), out _);

    private TimeSpan Wait(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return TimeSpan.Zero;
        }

        lock (queue)
        {
            Expire(queue, now);
            return queue.Count >= maxFailures ? queue.Peek() + window - now : TimeSpan.Zero;
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Expire(queue, now);
            queue.Enqueue(now);
        }
    }

    private void Expire(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + window <= now)
        {
            queue.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, queue) in _failures)
        {
            lock (queue)
            {
                Expire(queue, now);
                if (queue.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static string AccountKey(string name) => "account:" + name.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;
}
