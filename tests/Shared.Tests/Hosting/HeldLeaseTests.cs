using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging.Abstractions;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.Shared.Tests.Hosting;

// Not parallel: the exception test watches every first-chance exception in the process.
[NonParallelizable]
public sealed class HeldLeaseTests
{
    // Renewed every 100 ms: real time, so that the renewals run on the timer the product uses.
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Renewal_WhileTheWorkRuns_AsksTheDatabaseAgainAndAgain()
    {
        var renewals = new SemaphoreSlim(0);
        await using var held = HeldLease.Start(
            _ => { renewals.Release(); return Task.FromResult(true); }, Lease, TimeProvider.System, NullLogger.Instance, "a lease");

        Assert.That(await renewals.WaitAsync(Wait), Is.True, "renewed once");
        Assert.That(await renewals.WaitAsync(Wait), Is.True, "and again");
        Assert.That(held.Lost.IsCancellationRequested, Is.False);
    }

    [Test]
    public async Task Renewal_AnotherHolderHasTheLease_CancelsTheWork()
    {
        await using var held = HeldLease.Start(_ => Task.FromResult(false), Lease, TimeProvider.System, NullLogger.Instance, "a lease");
        var lost = new TaskCompletionSource();
        held.Lost.Register(lost.SetResult);

        Assert.That(await Task.WhenAny(lost.Task, Task.Delay(Wait)), Is.SameAs(lost.Task), "the work is told to stop");
    }

    [Test]
    public async Task Dispose_WorkDone_EndsTheRenewalsWithoutThrowing()
    {
        // The first exception a process throws loads the stack-trace reader's assemblies (2-5 MiB of a cut's peak, issue 18),
        // and every cut ended by cancelling the wait for the next renewal.
        var renewals = 0;
        var thrown = new List<Exception>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            // A cancelled wait throws from the timer's callback on the thread pool, so its stack names the timer, not the lease.
            if (e.Exception is OperationCanceledException && e.Exception.StackTrace?.Contains(nameof(PeriodicTimer), StringComparison.Ordinal) == true)
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            var held = HeldLease.Start(
                _ => { Interlocked.Increment(ref renewals); return Task.FromResult(true); }, Lease, TimeProvider.System, NullLogger.Instance, "a lease");
            await held.DisposeAsync().AsTask().WaitAsync(Wait);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        var afterDispose = Volatile.Read(ref renewals);
        await Task.Delay(Lease * 2);
        Assert.That(thrown, Is.Empty, "no exception thrown to stop renewing");
        Assert.That(Volatile.Read(ref renewals), Is.EqualTo(afterDispose), "no renewal after the work is done");
    }

    [Test]
    public async Task Dispose_WhileARenewalAsksTheDatabase_CancelsThatRenewal()
    {
        var asking = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = HeldLease.Start(async ct =>
        {
            asking.TrySetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
            return true;
        }, Lease, TimeProvider.System, NullLogger.Instance, "a lease");
        var lost = held.Lost;

        var token = await asking.Task.WaitAsync(Wait);
        await held.DisposeAsync().AsTask().WaitAsync(Wait);

        Assert.That(token.IsCancellationRequested, Is.True, "the renewal in flight was cancelled");
        Assert.That(lost.IsCancellationRequested, Is.False, "ending the work is not losing the lease");
    }
}
