using System.Runtime.InteropServices;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// Counts failed sign-ins to either console per account name and per client address; at <paramref name="maxFailures"/>
/// within <paramref name="window"/> the next attempt is refused until the oldest failure leaves the window, so guessing
/// is slow for one account from many addresses and for many accounts from one. Kept in memory: the daemon is one
/// process, and a restart (which only the operator can cause) forgets it.
/// </summary>
/// <remarks>
/// An attempt counts as a failure from the moment it begins until it proves itself (<see cref="SignInAttempt"/>): were it
/// counted only once its password had been checked, every attempt sent at the same time would pass the check together.
/// </remarks>
public sealed class SignInThrottle(int maxFailures, TimeSpan window, TimeProvider clock)
{
    // Bounds memory against a flood of made-up names: beyond it, entries whose failures all left the window are dropped.
    private const int PruneAbove = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SignInAttempt>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until another attempt for this name from this address may be made; null when it may be made now.</summary>
    public TimeSpan? RetryAfter(string name, string address)
    {
        lock (_gate)
        {
            return Wait(name, address, clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Begins an attempt for <paramref name="name"/> from <paramref name="address"/>, counted as a failure until it is
    /// disposed without <see cref="SignInAttempt.Fail"/>; null when the name or the address has no attempts left.
    /// </summary>
    public SignInAttempt? Begin(string name, string address)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (Wait(name, address, now) is not null)
            {
                return null;
            }

            var attempt = new SignInAttempt(this, now, [AccountKey(name), AddressKey(address)]);
            foreach (var key in attempt.Keys)
            {
                (CollectionsMarshal.GetValueRefOrAddDefault(_failures, key, out _) ??= []).Add(attempt);
            }

            if (_failures.Count > PruneAbove)
            {
                Prune(now);
            }

            return attempt;
        }
    }

    /// <summary>A complete sign-in clears the account's failures; the address keeps its own, so one's own account cannot reset guessing at others.</summary>
    public void Succeeded(string name)
    {
        lock (_gate)
        {
            _failures.Remove(AccountKey(name));
        }
    }

    internal void Withdraw(SignInAttempt attempt)
    {
        lock (_gate)
        {
            foreach (var key in attempt.Keys)
            {
                if (_failures.TryGetValue(key, out var failures) && failures.Remove(attempt) && failures.Count == 0)
                {
                    _failures.Remove(key);
                }
            }
        }
    }

    private TimeSpan? Wait(string name, string address, DateTimeOffset now)
    {
        var wait = new[] { Wait(AccountKey(name), now), Wait(AddressKey(address), now) }.Max();
        return wait > TimeSpan.Zero ? wait : null;
    }

    private TimeSpan Wait(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return TimeSpan.Zero;
        }

        failures.RemoveAll(f => f.At + window <= now);
        return failures.Count >= maxFailures ? failures.Min(f => f.At) + window - now : TimeSpan.Zero;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            failures.RemoveAll(f => f.At + window <= now);
            if (failures.Count == 0)
            {
                _failures.Remove(key);
            }
        }
    }

    private static string AccountKey(string name) => "account:" + name.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;
}
