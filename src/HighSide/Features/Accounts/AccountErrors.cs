using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Accounts;

internal static class AccountErrors
{
    public static Failure InvalidName(string name) => new(AccountReasons.InvalidName,
        $"name: '{name}' is not an account name (1-64 of a-z 0-9 . _ -, starting with a letter or digit)", FailureKind.Invalid, "name");

    public static Failure InvalidRole(string role) => new(AccountReasons.InvalidRole,
        $"role: '{role}' is not a role ({string.Join(", ", AccountRoles.All)})", FailureKind.Invalid, "role");

    public static Failure Exists(string name) => new(AccountReasons.Exists, $"account '{name}' exists already", FailureKind.Conflict, "name");

    public static Failure NotFound(string name) => new(AccountReasons.NotFound, $"no active account '{name}'", FailureKind.NotFound, "name");

    public static Failure OfficerRequired() => new(AccountReasons.OfficerRequired,
        "an officer account names its officer on the roster: --officer KEYID (or the officer's name)", FailureKind.Invalid, "officer");

    public static Failure OfficerOnlyForOfficers(string role) => new(AccountReasons.OfficerRequired,
        $"only an officer account names an officer, not a {role} account", FailureKind.Invalid, "officer");

    public static Failure OfficerNotOnRoster(string officer) => new(AccountReasons.OfficerNotOnRoster,
        $"no active officer on the roster in force has key id or name '{officer}'", FailureKind.Refused, "officer");

    public static Failure PasswordWeak(string why) => new(AccountReasons.PasswordWeak, "password: " + why, FailureKind.Invalid, "password");
}
