using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Users;

internal static class UserErrors
{
    public static Failure InvalidName(string name) =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed,
            $"name: '{name}' is not a user name (1-64 of a-z 0-9 . _ -, starting with a letter or digit)", "name");

    public static Failure InvalidRole(string role) =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed, $"role: '{role}' is not a role ({string.Join(", ", UserRoles.All)})", "role");

    public static Failure Exists(string name) => LowSideFailure.Create(LowSideReasons.Conflict, $"user '{name}' exists already", "name");

    public static Failure NotFound(string name) => LowSideFailure.Create(LowSideReasons.NotFound, $"no active user '{name}'", "name");

    public static Failure TokenNotFound(string id) => LowSideFailure.Create(LowSideReasons.NotFound, $"no token '{id}' that is not revoked", "id");

    public static Failure BadValidity(int days) =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed, $"expires-days: {days} is not between 1 and 3650", "expiresDays");
}
