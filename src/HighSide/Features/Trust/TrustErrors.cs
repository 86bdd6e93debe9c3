using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Trust;

internal static class TrustErrors
{
    public static Failure InvalidSite(string site) => new("invalid-site", $"'{site}' is not a site id", FailureKind.Invalid);

    public static Failure UnreadableKey(string file, string why) => new("key-unreadable", $"cannot read public key '{file}': {why}", FailureKind.Invalid);

    public static Failure AlreadyTrusted(string keyId, string site) =>
        new("key-already-trusted", $"key {keyId} is already registered (site {site})", FailureKind.Conflict);

    public static Failure NotFound(string keyId) => new("key-not-found", $"no trusted key {keyId}", FailureKind.NotFound);
}
