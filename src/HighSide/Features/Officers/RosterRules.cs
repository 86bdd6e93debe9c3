using System.Text.RegularExpressions;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Identity;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>What one roster document must be on its own, before anyone's signature is looked at.</summary>
internal static partial class RosterRules
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static Failure? Check(RosterDocument document, string siteId, int minimumThreshold)
    {
        if (document.FormatVersion != RosterDocument.CurrentFormatVersion || document.SiteId != siteId || document.Version < 1
            || (document.Version == 1) != (document.PreviousSha256 is null)
            || (document.PreviousSha256 is { } previous && !Sha256Digest.IsHex(previous)))
        {
            return Invalid($"roster version {document.Version} is not a roster of site {siteId} that follows the one before it");
        }

        return CheckOfficers(document)
            ?? (document.Threshold < minimumThreshold
                ? new Failure(OfficerReasons.ThresholdTooLow,
                    $"the roster's threshold is {document.Threshold}; at least {minimumThreshold} officers must approve (Approval:Required)")
                : null)
            ?? (document.Officers.Count(o => o.Active) < document.Threshold
                ? new Failure(OfficerReasons.TooFewOfficers,
                    $"the roster would have {document.Officers.Count(o => o.Active)} active officer(s) for a threshold of {document.Threshold}")
                : null)
            ?? (document.Version == 1 && document.Officers.Any(o => !o.Active) ? Invalid("every founding officer is active") : null);
    }

    private static Failure? CheckOfficers(RosterDocument document)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var requesters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var officer in document.Officers)
        {
            if (!IsValidName(officer.Name))
            {
                return new Failure(OfficerReasons.InvalidName, $"'{officer.Name}' is not a valid officer name (1-64 of letters, digits, '.', '_', '-')",
                    FailureKind.Invalid);
            }

            if (!names.Add(officer.Name))
            {
                return new Failure(OfficerReasons.NameDuplicate, $"officer '{officer.Name}' is on the roster twice", FailureKind.Conflict);
            }

            string raw;
            try
            {
                raw = officer.RawKey;
            }
            catch (MinisignFormatException ex)
            {
                return new Failure(OfficerReasons.KeyUnreadable, $"the key of officer '{officer.Name}' is not a minisign public key: {ex.Message}");
            }

            if (document.RetiredKeys.Contains(raw, StringComparer.Ordinal))
            {
                return new Failure(OfficerReasons.KeyDuplicate,
                    $"the key of '{officer.Name}' was retired by a key rotation and cannot come back", FailureKind.Conflict);
            }

            if (!keys.TryAdd(raw, officer.Name))
            {
                return new Failure(OfficerReasons.KeyDuplicate,
                    $"the key of '{officer.Name}' is the key of '{keys[raw]}' (whatever its key id says): one person, one key", FailureKind.Conflict);
            }

            foreach (var requester in officer.Requesters)
            {
                if (!RequesterIdentity.IsWellFormed(requester))
                {
                    return new Failure(OfficerReasons.RequesterInvalid,
                        $"'{requester}' is not a requester identity (local:NAME or oidc:ISSUER#SUBJECT)", FailureKind.Invalid);
                }

                if (!requesters.TryAdd(RequesterIdentity.Canonical(requester), officer.Name))
                {
                    return new Failure(OfficerReasons.RequesterDuplicate,
                        $"requester identity '{requester}' is linked to '{requesters[RequesterIdentity.Canonical(requester)]}' already",
                        FailureKind.Conflict);
                }
            }
        }

        return null;
    }

    private static Failure Invalid(string message) => new(OfficerReasons.RosterInvalid, message);
}
