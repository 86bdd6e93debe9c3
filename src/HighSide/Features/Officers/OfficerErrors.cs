using TransferPipeline.HighSide.Infrastructure;

namespace TransferPipeline.HighSide.Features.Officers;

internal static class OfficerErrors
{
    public static HighSideError InvalidName(string name) =>
        new("invalid-officer-name", $"'{name}' is not a valid officer name (1-64 of letters, digits, '.', '_', '-')", ErrorKind.Invalid);

    public static HighSideError UnreadableKey(string file, string why) => new("key-unreadable", $"cannot read public key '{file}': {why}", ErrorKind.Invalid);

    public static HighSideError AlreadyRegistered(string name) => new("officer-exists", $"officer '{name}' is already registered", ErrorKind.Conflict);

    public static HighSideError KeyIdClash(string keyId, string other) =>
        new("officer-key-id-clash", $"key id {keyId} already belongs to a different key of officer '{other}'", ErrorKind.Conflict);

    public static HighSideError NotFound(string name) => new("officer-not-found", $"no officer '{name}'", ErrorKind.NotFound);
}
