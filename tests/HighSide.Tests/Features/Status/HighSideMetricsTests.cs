using System.Diagnostics.Metrics;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Status;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Status;

/// <summary>
/// The high side's metrics below the HTTP endpoint: the state gauges read from either database, and the step timings an import
/// records. (The end-to-end flow scrapes both daemons; here the values are pinned to a fake clock.)
/// </summary>
[OnBothProviders]
public sealed class HighSideMetricsTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task ReadAsync_BatchAwaitingApproval_CountsItAndHowLongItWaited()
    {
        var imported = await HighSide.ImportAsync(await Scenario.WriteSimpleVolumeAsync());
        Assert.That(imported.State, Is.EqualTo(BatchStates.AwaitingApproval), imported.Message);
        var readings = new StateReadings();

        await new HighSideStateMetrics(HighSide.Get<Database>()).ReadAsync(readings, Scenario.Clock.GetUtcNow().AddSeconds(90), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Value(readings, StateGauges.ApprovalsPending), Is.EqualTo(1));
            Assert.That(Value(readings, StateGauges.OldestPendingApprovalAge), Is.EqualTo(90));
            Assert.That(Value(readings, StateGauges.Batches, "state", BatchStates.AwaitingApproval), Is.EqualTo(1));
            Assert.That(Value(readings, StateGauges.Batches, "state", BatchStates.Published), Is.Zero);
            Assert.That(Value(readings, StateGauges.QueueDepth, "queue", "approval"), Is.EqualTo(1));
            Assert.That(Value(readings, StateGauges.QueueDepth, "queue", "publish"), Is.Zero);
            Assert.That(Value(readings, StateGauges.LastSuccessAge, "step", "import"), Is.EqualTo(90));
            Assert.That(readings.Of(StateGauges.LastSuccessAge).Count(m => m.Tags.ToArray().Any(t => Equals(t.Value, "publish"))), Is.Zero,
                "no publish yet: no age");
        });
    }

    [Test]
    public async Task Import_Volume_TimesTheImportAndItsVerification()
    {
        var steps = new List<string>();
        using var listener = new MeterListener();
        var metrics = HighSide.Get<PipelineMetrics>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == metrics.StepDuration)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            Assert.That(seconds, Is.Positive);
            lock (steps)
            {
                steps.Add((string)tags.ToArray().Single(t => t.Key == "step").Value!);
            }
        });
        listener.Start();

        await HighSide.ImportAsync(await Scenario.WriteSimpleVolumeAsync());

        Assert.That(steps, Is.EquivalentTo(new[] { "import", "verify" }));
    }

    private static double? Value(StateReadings readings, string gauge, string? label = null, string? value = null) =>
        readings.Of(gauge)
            .Where(m => label is null || m.Tags.ToArray().Any(t => t.Key == label && Equals(t.Value, value)))
            .Select(m => (double?)m.Value)
            .SingleOrDefault();
}
