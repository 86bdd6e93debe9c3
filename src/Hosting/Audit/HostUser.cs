namespace TransferPipeline.Hosting.Audit;

/// <summary>Who runs a CLI verb on the host, for the audit trail: the operating-system user.</summary>
public static class HostUser
{
    public static string Actor => "operator:" + Environment.UserName;
}
