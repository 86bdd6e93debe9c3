namespace TransferPipeline.LowSide.Progress;

/// <summary>Makes progress trackers for long work; the CLI draws them on the terminal, the daemon logs them.</summary>
internal interface IProgressFactory
{
    TransferProgress Create(string label);
}
