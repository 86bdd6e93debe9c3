namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>Why an account change or a sign-in was refused; sign-in reasons are what the audit trail records.</summary>
internal static class AccountReasons
{
    public const string InvalidName = "account-name-invalid";
    public const string InvalidRole = "account-role-invalid";
    public const string Exists = "account-exists";
    public const string NotFound = "account-not-found";
    public const string OfficerRequired = "account-officer-required";
    public const string OfficerNotOnRoster = "account-officer-not-on-roster";
    public const string PasswordWeak = "account-password-weak";

    /// <summary>What a caller is told for an unknown name, a wrong password or a disabled account alike.</summary>
    public const string SignInRefused = "signin-refused";
    public const string AccountUnknown = "signin-account-unknown";
    public const string PasswordWrong = "signin-password-wrong";
    public const string AccountDisabled = "signin-account-disabled";
    public const string CodeWrong = "signin-code-wrong";
    public const string CodeReplayed = "signin-code-replayed";
    public const string SecurityKeyInvalid = "signin-security-key-invalid";
    public const string RateLimited = "signin-rate-limited";
    public const string PasswordChangeRequired = "signin-password-change-required";
    public const string SecondFactorMissing = "signin-second-factor-missing";
    public const string StageExpired = "signin-stage-expired";

    /// <summary>The enrolment page asked for the secret of an authenticator issued in person (`account issue-totp`).</summary>
    public const string TotpIssued = "signin-totp-issued";
}
