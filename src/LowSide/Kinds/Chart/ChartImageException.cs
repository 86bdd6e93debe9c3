namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>The chart's images cannot be resolved; the message names the file and value an operator has to look at.</summary>
internal sealed class ChartImageException : Exception
{
    public ChartImageException()
    {
    }

    public ChartImageException(string message)
        : base(message)
    {
    }

    public ChartImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
