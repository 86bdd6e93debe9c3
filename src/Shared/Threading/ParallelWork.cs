using System.Runtime.ExceptionServices;

namespace TransferPipeline.Shared.Threading;

/// <summary>
/// Runs a body on each item of a list, in list order, on up to a given number of threads, the calling thread being one
/// of them. Synchronous code that wants more than one core uses this instead of <see cref="Parallel"/>, whose event
/// source and generic workers cost a short command several milliseconds of start-up.
/// </summary>
public static class ParallelWork
{
    /// <summary>
    /// Takes items until they run out, a body returns false (the others then see their token cancelled, and the
    /// cancellation they throw is not an error), a body throws (the first exception is rethrown once every thread has
    /// stopped), or <paramref name="cancellationToken"/> is cancelled (<see cref="OperationCanceledException"/>).
    /// </summary>
    public static void ForEach<T>(
        IReadOnlyList<T> items, int threads, Func<T, CancellationToken, bool> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(body);
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        ExceptionDispatchInfo? error = null;

        void Work()
        {
            try
            {
                int index;
                while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < items.Count)
                {
                    if (!body(items[index], stop.Token))
                    {
                        stop.Cancel();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Another item stopped the work; this one was cut short on purpose.
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref error, ExceptionDispatchInfo.Capture(ex), null);
                stop.Cancel();
            }
        }

        var helpers = new Thread[Math.Max(0, Math.Min(threads, items.Count) - 1)];
        for (var i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Thread(Work) { IsBackground = true, Name = "parallel work" };
            helpers[i].Start();
        }

        Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }

        error?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
