namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// One sign-in attempt, counted by <see cref="SignInThrottle"/> as a failure from its start. Disposing it withdraws it,
/// unless <see cref="Fail"/> said it failed: a wrong password or code keeps counting, a step that proved what it was
/// asked for (or never got to check it) does not.
/// </summary>
public sealed class SignInAttempt : IDisposable
{
    private readonly SignInThrottle _throttle;
    private bool _failed;
    private bool _settled;

    internal SignInAttempt(SignInThrottle throttle, DateTimeOffset at, string[] keys)
    {
        _throttle = throttle;
        At = at;
        Keys = keys;
    }

    internal DateTimeOffset At { get; }

    internal string[] Keys { get; }

    /// <summary>The attempt failed: it keeps counting against the name and the address for the throttle's window.</summary>
    public void Fail() => _failed = true;

    public void Dispose()
    {
        if (_settled)
        {
            return;
        }

        _settled = true;
        if (!_failed)
        {
            _throttle.Withdraw(this);
        }
    }
}
