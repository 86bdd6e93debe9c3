using System.Runtime.ExceptionServices;

namespace TransferPipeline.Shared.Threading;

/// <summary>
/// Runs a body on each item of a sequence, in order, on up to a given number of threads, the calling thread being one
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
    /// <remarks>The items are taken one at a time under a lock, so a sequence read from disk is never held whole.</remarks>
    public static void ForEach<T>(
        IEnumerable<T> items, int threads, Func<T, CancellationToken, bool> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(body);
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var source = items.GetEnumerator();
        var gate = new Lock();
        ExceptionDispatchInfo? error = null;

        bool TryTake(out T item)
        {
            lock (gate)
            {
                var taken = !stop.IsCancellationRequested && source.MoveNext();
                item = taken ? source.Current : default!;
                return taken;
            }
        }

        void Work()
        {
            try
            {
                while (TryTake(out var item))
                {
                    if (!body(item, stop.Token))
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

        var known = items is IReadOnlyCollection<T> collection ? collection.Count : int.MaxValue;
        var helpers = new Thread[Math.Max(0, Math.Min(threads, known) - 1)];
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
