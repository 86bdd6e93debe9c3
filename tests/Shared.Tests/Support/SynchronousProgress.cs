namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Reports on the reporting thread, unlike <see cref="Progress{T}"/>, so a test acts at a known point.</summary>
internal sealed class SynchronousProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
