namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>Why a roster change, or an officer's signature on one, was refused.</summary>
internal static class OfficerReasons
{
    public const string InvalidName = "invalid-officer-name";
    public const string KeyUnreadable = "key-unreadable";
    public const string KeyDuplicate = "officer-key-duplicate";
    public const string NameDuplicate = "officer-exists";
    public const string RequesterInvalid = "officer-requester-invalid";
    public const string RequesterDuplicate = "officer-requester-duplicate";
    public const string NotFound = "officer-not-found";
    public const string ThresholdTooLow = "roster-threshold-too-low";
    public const string TooFewOfficers = "roster-too-few-officers";
    public const string RosterExists = "roster-exists";
    public const string NoRoster = "roster-missing";
    public const string RosterInvalid = "roster-invalid";
    public const string RolledBack = "roster-rolled-back";
    public const string ProposalNotFound = "roster-proposal-not-found";
    public const string ProposalStale = "roster-proposal-stale";
    public const string SignatureMalformed = "roster-signature-malformed";
    public const string SignatureInvalid = "roster-signature-invalid";
    public const string SignerUnknown = "roster-signer-unknown";

    /// <summary>A signature of an officer in force uploaded over HTTP by another officer's account.</summary>
    public const string SignerNotSignedIn = "roster-signer-not-signed-in";
}
