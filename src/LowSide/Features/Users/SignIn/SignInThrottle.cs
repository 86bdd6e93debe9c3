using System.Collections.Concurrent;

namespace TransferPipeline.LowSide.Features.Users.SignIn;

/// <summary>
/// Failed sign-ins, counted per user name and per client address over a sliding window: after
/// <see cref="MaxFailures"/> in <see cref="Window"/> either one is refused (429) until the oldest failure ages
/// out, so guessing is slow for one account from many addresses and for many accounts from one. In memory: a
/// restart forgets the counts, which an attacker cannot cause from the console.
/// </summary>
internal sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until a sign-in as <paramref name="name"/> from <paramref name="address"/> is allowed again; null when it is now.</summary>
    public TimeSpan? RetryAfter(string name, string address)
    {
        var now = clock.GetUtcNow();
        var waits = new[] { UserKey(name), AddressKey(address) }.Select(key => WaitFor(key, now)).Where(w => w is not null).ToList();
        return waits.Count == 0 ? null : waits.Max();
    }

    public void RecordFailure(string name, string address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count > SweepAbove)
        {
            Sweep(now);
        }

        foreach (var key in new[] { UserKey(name), AddressKey(address) })
        {
            var times = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (times)
            {
                Expire(times, now);
                times.Enqueue(now);
            }
        }
    }

    /// <summary>A successful sign-in clears the user's count (not the address's).</summary>
    public void Forget(string name) => _failures.TryRemove(UserKey(name), out _);

    private TimeSpan? WaitFor(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return null;
        }

        lock (times)
        {
            Expire(times, now);
            return times.Count >= MaxFailures ? times.Peek() + Window - now : null;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, times) in _failures)
        {
            lock (times)
            {
                Expire(times, now);
                if (times.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && now - times.Peek() >= Window)
        {
            times.Dequeue();
        }
    }

    private static string UserKey(string name) => "user:" + name.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;
}
