namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Who runs a CLI verb, for the audit trail: the operating-system user.</summary>
internal static class Operator
{
    public static string Name => "operator:" + Environment.UserName;
}
