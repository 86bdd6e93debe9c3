using System.Diagnostics.Metrics;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// What became of notifications since the daemon started: the totals go into the warnings, and the meter
/// <c>TransferPipeline.Notifications</c> shows them live (<c>dotnet-counters monitor -n lowside --counters TransferPipeline.Notifications</c>).
/// </summary>
internal sealed class NotificationCounters
{
    public const string MeterName = "TransferPipeline.Notifications";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private long _failedTotal;

    public NotificationCounters(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("transferpipeline.notifications.delivered", "{notification}", "Webhook POSTs the receiver took");
        _failed = meter.CreateCounter<long>("transferpipeline.notifications.failed", "{notification}", "Notifications not delivered after every attempt");
    }

    public void Delivered() => _delivered.Add(1);

    /// <summary>Counts one undelivered notification; returns how many there were since the start.</summary>
    public long Failed()
    {
        _failed.Add(1);
        return Interlocked.Increment(ref _failedTotal);
    }
}
