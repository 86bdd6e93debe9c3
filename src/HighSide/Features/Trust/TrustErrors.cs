using TransferPipeline.HighSide.Infrastructure;

namespace TransferPipeline.HighSide.Features.Trust;

internal static class TrustErrors
{
    public static HighSideError InvalidSite(string site) => new("invalid-site", $"'{site}' is not a site id", ErrorKind.Invalid);

    public static HighSideError UnreadableKey(string file, string why) => new("key-unreadable", $"cannot read public key '{file}': {why}", ErrorKind.Invalid);

    public static HighSideError AlreadyTrusted(string keyId, string site) => new("key-already-trusted", $"key {keyId} is already registered (site {site})", ErrorKind.Conflict);

    public static HighSideError NotFound(string keyId) => new("key-not-found", $"no trusted key {keyId}", ErrorKind.NotFound);
}
