using System.Text.Json.Serialization;
using TransferPipeline.Shared.Identity;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// A security officer as the signed roster lists them: the raw Ed25519 key inside <see cref="PublicKey"/>
/// is who they are (its key id is only a label), <see cref="Requesters"/> are the identities they hold on
/// the low side (they may not decide on batches that carry a request of theirs), and only active officers
/// sign decisions and roster changes.
/// </summary>
internal sealed record RosterOfficer
{
    public required string Name { get; init; }

    /// <summary>The minisign public key line (what `minisign -P` takes).</summary>
    public required string PublicKey { get; init; }

    public required IReadOnlyList<string> Requesters { get; init; }

    public required bool Active { get; init; }

    [JsonIgnore]
    public MinisignPublicKey Key => MinisignPublicKey.Parse(PublicKey);

    /// <summary>The raw Ed25519 key, base64: the officer's identity.</summary>
    [JsonIgnore]
    public string RawKey => Convert.ToBase64String(Key.Key.Bytes);

    public bool HoldsRequester(string requester) => Requesters.Any(r => RequesterIdentity.Same(r, requester));
}
