using System.Globalization;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// The rules that make a roster version follow the one before it: the same site, the previous document's
/// SHA-256, the next version number, and signatures by at least the previous version's threshold of its
/// active officers (each officer once, whatever key id a signature names: an officer rotating their key
/// counts once with the old and the new). Every key a version brings in (a new officer, a rotated key) must
/// sign it too, which proves its holder has it. Version 1 is signed by every founding officer.
/// </summary>
internal static class RosterChain
{
    /// <summary>The newest version whose whole chain verifies, and what is wrong with the first one that does not.</summary>
    public static (Roster? Current, Failure? Problem) Verify(IReadOnlyList<SignedRoster> versions, string siteId, int minimumThreshold)
    {
        Roster? current = null;
        foreach (var version in versions.OrderBy(v => v.Document.Version))
        {
            var problem = Admits(current, version, siteId, minimumThreshold);
            if (problem is not null)
            {
                return (current, problem);
            }

            current = new Roster(version.Document, version.Sha256);
        }

        return (current, null);
    }

    /// <summary>Null when <paramref name="next"/> may follow <paramref name="current"/> (null: no roster yet), else why not.</summary>
    public static Failure? Admits(Roster? current, SignedRoster next, string siteId, int minimumThreshold)
    {
        var document = next.Document;
        var expected = (current?.Version ?? 0) + 1;
        if (document.Version != expected || document.PreviousSha256 != current?.Sha256)
        {
            return new Failure(OfficerReasons.RosterInvalid, string.Create(CultureInfo.InvariantCulture,
                $"roster version {document.Version} does not follow version {expected - 1} (versions only go up, each naming the one before)"));
        }

        if (RosterRules.Check(document, siteId, minimumThreshold) is { } rule)
        {
            return rule;
        }

        var signers = Signers(next, [.. document.Officers, .. current?.Active ?? []]);
        if (current is null)
        {
            var missing = document.Officers.Where(o => !signers.Contains(o.RawKey)).Select(o => o.Name).ToList();
            return missing.Count == 0 ? null : Short(document, $"founding officer(s) {string.Join(", ", missing)} have not signed it");
        }

        var counted = current.Active.Count(o => signers.Contains(o.RawKey));
        if (counted < current.Threshold)
        {
            return Short(document, string.Create(CultureInfo.InvariantCulture,
                $"{counted} of the {current.Threshold} officers of version {current.Version} needed have signed it"));
        }

        var before = current.Officers.Select(o => o.RawKey).ToHashSet(StringComparer.Ordinal);
        var unproven = document.Officers.Where(o => !before.Contains(o.RawKey) && !signers.Contains(o.RawKey)).Select(o => o.Name).ToList();
        return unproven.Count == 0 ? null : Short(document, $"the new key of {string.Join(", ", unproven)} has not signed it");
    }

    /// <summary>The raw keys (base64) among <paramref name="candidates"/> that made a valid signature over the document.</summary>
    public static IReadOnlySet<string> Signers(SignedRoster roster, IEnumerable<RosterOfficer> candidates)
    {
        var hash = Blake2bHash.Compute(roster.Bytes, 64);
        var comment = RosterFormat.TrustedComment(roster.Document, roster.Sha256);
        var keys = candidates.Select(o => o.Key).DistinctBy(k => Convert.ToBase64String(k.Key.Bytes)).ToList();
        var signers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in roster.Signatures.Where(s => s.TrustedComment == comment))
        {
            var verification = MinisignVerifier.VerifyByRawKey(keys, hash, signature);
            if (verification.IsValid)
            {
                signers.Add(Convert.ToBase64String(verification.Key!.Key.Bytes));
            }
        }

        return signers;
    }

    private static Failure Short(RosterDocument document, string why) =>
        new(OfficerReasons.RosterInvalid, string.Create(CultureInfo.InvariantCulture, $"roster version {document.Version} is not in force yet: {why}"));
}
