namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>Reason codes of a restored high side and of `highside restore confirm`.</summary>
internal static class RestoreReasons
{
    /// <summary>Restored from a backup, the replay high-water mark not yet confirmed: import and publish are refused.</summary>
    public const string Unconfirmed = "restore-unconfirmed";

    /// <summary>A receipt given to `restore confirm` is not one this high side signed, or is malformed.</summary>
    public const string ReceiptRefused = "restore-receipt-refused";

    /// <summary>`restore confirm` names no site and this high side trusts more than one (or none).</summary>
    public const string SiteRequired = "restore-site-required";
}
