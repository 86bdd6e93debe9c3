using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>Authenticated callers for service-level tests, as the API's authentication would hand them over.</summary>
internal static class TestCallers
{
    public static Caller Alice { get; } = Requester("alice");

    public static Caller Operator { get; } = new("local:olga", "olga", UserRoles.Operator);

    public static Caller Requester(string name) => new("local:" + name, name, UserRoles.Requester);
}
