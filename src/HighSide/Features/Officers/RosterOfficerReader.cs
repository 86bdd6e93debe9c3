using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Identity;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>Makes a roster officer from what an operator types: a name, a public key file, requester identities.</summary>
internal static class RosterOfficerReader
{
    public static Outcome<RosterOfficer> Read(string name, string publicKeyFile, IEnumerable<string> requesters)
    {
        if (!RosterRules.IsValidName(name))
        {
            return new Failure(OfficerReasons.InvalidName, $"'{name}' is not a valid officer name (1-64 of letters, digits, '.', '_', '-')",
                FailureKind.Invalid);
        }

        var key = ReadKey(publicKeyFile);
        if (!key.IsOk)
        {
            return key.Error;
        }

        var identities = requesters.Select(r => r.Trim()).ToList();
        return identities.FirstOrDefault(r => !RequesterIdentity.IsWellFormed(r)) is { } bad
            ? new Failure(OfficerReasons.RequesterInvalid, $"'{bad}' is not a requester identity (local:NAME or oidc:ISSUER#SUBJECT)", FailureKind.Invalid)
            : new RosterOfficer { Name = name, PublicKey = key.Value, Requesters = identities, Active = true };
    }

    /// <summary>The minisign public key line of a .pub file (or of a base64 line given directly).</summary>
    public static Outcome<string> ReadKey(string publicKeyFile)
    {
        try
        {
            var key = File.Exists(publicKeyFile) ? MinisignPublicKey.Load(publicKeyFile) : MinisignPublicKey.Parse(publicKeyFile);
            return key.ToBase64();
        }
        catch (Exception ex) when (ex is IOException or MinisignFormatException or UnauthorizedAccessException)
        {
            return new Failure(OfficerReasons.KeyUnreadable, $"cannot read public key '{publicKeyFile}': {ex.Message}", FailureKind.Invalid);
        }
    }
}
