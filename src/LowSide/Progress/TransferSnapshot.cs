using System.Globalization;
using TransferPipeline.Shared;

namespace TransferPipeline.LowSide.Progress;

/// <summary>Progress at one moment.</summary>
internal sealed record TransferSnapshot(string Label, long Bytes, long TotalBytes, double BytesPerSecond, TimeSpan? Left, TimeSpan Elapsed, bool Final)
{
    public override string ToString()
    {
        var total = TotalBytes > 0 ? " of " + ByteSize.Format(TotalBytes) : "";
        var left = Final ? $"done in {Elapsed.TotalSeconds:0.0} s" : Left is { } l ? $"{l.TotalSeconds:0} s left" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Label}: {ByteSize.Format(Bytes)}{total}, {ByteSize.Format((long)BytesPerSecond)}/s, {left}");
    }
}
