using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Officers;

internal static class OfficerErrors
{
    public static Failure InvalidName(string name) =>
        new("invalid-officer-name", $"'{name}' is not a valid officer name (1-64 of letters, digits, '.', '_', '-')", FailureKind.Invalid);

    public static Failure UnreadableKey(string file, string why) => new("key-unreadable", $"cannot read public key '{file}': {why}", FailureKind.Invalid);

    public static Failure AlreadyRegistered(string name) => new("officer-exists", $"officer '{name}' is already registered", FailureKind.Conflict);

    public static Failure KeyIdClash(string keyId, string other) =>
        new("officer-key-id-clash", $"key id {keyId} already belongs to a different key of officer '{other}'", FailureKind.Conflict);

    public static Failure NotFound(string name) => new("officer-not-found", $"no officer '{name}'", FailureKind.NotFound);
}
