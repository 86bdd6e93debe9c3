using System.Collections.Concurrent;
using TransferPipeline.Shared.Threading;

namespace TransferPipeline.Shared.Tests.Threading;

[TestFixture]
internal sealed class ParallelWorkTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Test]
    public void ForEach_TwoThreads_RunsEveryItemOnceAndTwoAtATime()
    {
        var items = Enumerable.Range(0, 50).ToList();
        var seen = new ConcurrentBag<int>();
        var threads = new ConcurrentDictionary<int, bool>();
        using var both = new Barrier(2);
        ParallelWork.ForEach(items, 2, (item, ct) =>
        {
            // The first two items meet: only possible when they run at the same time.
            if (item < 2 && !both.SignalAndWait(Bound, ct))
            {
                throw new TimeoutException("the second thread never started");
            }

            threads[Environment.CurrentManagedThreadId] = true;
            seen.Add(item);
            return true;
        }, CancellationToken.None);

        Assert.That(seen.Order(), Is.EqualTo(items));
        Assert.That(threads, Has.Count.EqualTo(2));
    }

    [Test]
    public void ForEach_OneThread_RunsInOrderOnTheCallingThread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var seen = new List<int>();
        ParallelWork.ForEach(Enumerable.Range(0, 5).ToList(), 1, (item, _) =>
        {
            Assert.That(Environment.CurrentManagedThreadId, Is.EqualTo(caller));
            seen.Add(item);
            return true;
        }, CancellationToken.None);

        Assert.That(seen, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public void ForEach_ABodyReturnsFalse_StopsTheOthersWithoutAnError()
    {
        var started = new ConcurrentBag<int>();
        var cutShort = 0;
        ParallelWork.ForEach(Enumerable.Range(0, 1000).ToList(), 2, (item, ct) =>
        {
            started.Add(item);
            if (item == 0)
            {
                // Held until item 1 is running beside it, then stops everything.
                SpinWait.SpinUntil(() => started.Contains(1), Bound);
                return false;
            }

            if (item == 1)
            {
                ct.WaitHandle.WaitOne(Bound);
                Interlocked.Increment(ref cutShort);
                ct.ThrowIfCancellationRequested();
            }

            return true;
        }, CancellationToken.None);

        Assert.That(cutShort, Is.EqualTo(1), "the item running beside the one that stopped saw its token cancelled");
        Assert.That(started, Has.Count.LessThan(1000));
    }

    [Test]
    public void ForEach_ABodyThrows_RethrowsThatExceptionItself()
    {
        var error = Assert.Throws<IOException>(() => ParallelWork.ForEach(Enumerable.Range(0, 100).ToList(), 2, (item, _) =>
            item == 7 ? throw new IOException("file 7 vanished") : true, CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("file 7 vanished"));
    }

    [Test]
    public void ForEach_CancelledFromOutside_ThrowsCancellation()
    {
        using var cancel = new CancellationTokenSource();
        var ran = 0;
        Assert.Throws<OperationCanceledException>(() => ParallelWork.ForEach(Enumerable.Range(0, 100).ToList(), 2, (item, _) =>
        {
            if (Interlocked.Increment(ref ran) == 3)
            {
                cancel.Cancel();
            }

            return true;
        }, cancel.Token));
        Assert.That(ran, Is.LessThan(100));
    }

    [Test]
    public void ForEach_NoItems_CallsNothing()
    {
        ParallelWork.ForEach(Array.Empty<int>(), 2, (_, _) => throw new InvalidOperationException("called"), CancellationToken.None);
    }
}
