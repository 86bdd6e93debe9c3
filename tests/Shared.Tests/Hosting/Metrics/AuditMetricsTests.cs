using System.Diagnostics.Metrics;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Shared.Tests.Hosting.Metrics;

/// <summary>What the committed audit entries count: refusals by their reason code (never by a free-text message), bytes, batches.</summary>
[TestFixture]
internal sealed class AuditMetricsTests
{
    [TestCase("batch.refused", """{"reason":"signature-invalid","message":"the manifest signature does not verify"}""", "signature-invalid")]
    [TestCase("request.refused", """{"Code":"source-not-allowed","Message":"not on the list"}""", "source-not-allowed")]
    [TestCase("receipt.refused", """{"reason":"the receipt is not valid JSON: unexpected end"}""", "unspecified")]
    [TestCase("approval.refused", "{}", "unspecified")]
    public async Task SendAsync_Refusal_CountsItsReasonCode(string action, string details, string reason)
    {
        using var metrics = new PipelineMetrics();
        using var recorded = new RecordedMeasurements(metrics);

        await new AuditMetrics(metrics).SendAsync([Entry(action, details)], CancellationToken.None);

        Assert.That(recorded.Of("transferpipeline_refusals"), Is.EqualTo(new[] { (1L, $"event={action},reason={reason}") }));
    }

    [Test]
    public async Task SendAsync_SignInRefused_CountedWithoutItsReasonSoAnUnknownNameLooksLikeAWrongPassword()
    {
        using var metrics = new PipelineMetrics();
        using var recorded = new RecordedMeasurements(metrics);

        await new AuditMetrics(metrics).SendAsync(
        [
            Entry("signin.refused", """{"reason":"signin-account-unknown","factor":"password"}"""),
            Entry("signin.refused", """{"reason":"signin-password-wrong","factor":"password"}"""),
        ], CancellationToken.None);

        Assert.That(recorded.Of("transferpipeline_refusals"),
            Is.EqualTo(new[] { (1L, "event=signin.refused,reason=withheld"), (1L, "event=signin.refused,reason=withheld") }));
    }

    [Test]
    public async Task SendAsync_FlowEvents_CountBatchesBytesAndFindings()
    {
        using var metrics = new PipelineMetrics();
        using var recorded = new RecordedMeasurements(metrics);

        await new AuditMetrics(metrics).SendAsync(
        [
            Entry("request.gathered", """{"blobs":2,"bytes":1500}"""),
            Entry("batch.shipped", """{"sequence":1,"payloadBytes":1600}"""),
            Entry("volume.imported", """{"volume":1}"""),
            Entry("batch.published", """{"artifacts":1,"blobs":2,"bytes":1600}"""),
            Entry("scan.completed", """{"malware":1,"vulnerabilities":2,"findings":4}"""),
            Entry("signin.succeeded", "{}"),
        ], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(recorded.Of("transferpipeline_requests_gathered"), Is.EqualTo(new[] { (1L, "") }));
            Assert.That(recorded.Of("transferpipeline_gathered"), Is.EqualTo(new[] { (1500L, "") }));
            Assert.That(recorded.Of("transferpipeline_batches_cut"), Is.EqualTo(new[] { (1L, "") }));
            Assert.That(recorded.Of("transferpipeline_batch_size"), Is.EqualTo(new[] { (1600L, "step=cut"), (1600L, "step=publish") }));
            Assert.That(recorded.Of("transferpipeline_volumes_imported"), Is.EqualTo(new[] { (1L, "") }));
            Assert.That(recorded.Of("transferpipeline_batches_published"), Is.EqualTo(new[] { (1L, "") }));
            Assert.That(recorded.Of("transferpipeline_published"), Is.EqualTo(new[] { (1600L, "") }));
            Assert.That(recorded.Of("transferpipeline_scan_findings"),
                Is.EqualTo(new[] { (1L, "kind=malware"), (2L, "kind=vulnerability"), (1L, "kind=other") }));
            Assert.That(recorded.Of("transferpipeline_refusals"), Is.Empty);
        });
    }

    private static AuditEntry Entry(string action, string details) =>
        new(1, DateTimeOffset.UnixEpoch, "system", action, "subject", details, AuditEntry.GenesisHash, AuditEntry.GenesisHash);

    /// <summary>Every long measurement of the product's meter, as (value, "key=value,...").</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, long Value, string Tags)> _measurements = [];

        public RecordedMeasurements(PipelineMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == metrics.Meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
                _measurements.Add((instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
            _listener.Start();
        }

        public IReadOnlyList<(long Value, string Tags)> Of(string instrument) =>
            [.. _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags))];

        public void Dispose() => _listener.Dispose();
    }
}
