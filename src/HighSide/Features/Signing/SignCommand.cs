using System.CommandLine;
using System.Text;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Signing;

/// <summary>
/// `highside sign --statement FILE --key KEY`: an officer signs, on their own workstation and with no
/// data directory, a decision statement (`highside batch statement`) or a roster proposal (`highside
/// officer proposal`), after reading what it says. Writes FILE.minisig, which is then submitted to the server.
/// </summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var statement = new Option<string>("--statement") { Description = "The statement or roster proposal to sign", Required = true };
        var key = new Option<string>("--key") { Description = "Your officer secret key (.key)", Required = true };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = "Read the key password from this file (else TP_KEY_PASSWORD, else the terminal)",
        };
        var command = new Command("sign", "Sign a decision statement or a roster proposal on your own machine (no data directory needed)")
        {
            statement, key, passwordFile,
        };
        command.SetAction(parse => Run(parse.GetValue(statement)!, parse.GetValue(key)!, parse.GetValue(passwordFile)));
        return command;
    }

    private static int Run(string file, string keyFile, string? passwordFile)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            var (comment, summary) = Describe(bytes);
            if (comment is null)
            {
                return CliConsole.Fail($"{file} is neither a decision statement nor a roster proposal as the high side writes them; nothing was signed");
            }

            using var secret = SecretKeyLoader.Load(keyFile, passwordFile);
            var signature = secret.SignPrehashed(Blake2bHash.Compute(bytes, 64), comment, $"signed by key {secret.PublicKey.KeyIdHex}");
            File.WriteAllText(file + ".minisig", signature.ToFileText());
            foreach (var line in summary)
            {
                CliConsole.Line(line);
            }

            CliConsole.Line($"signed with key {secret.PublicKey.KeyIdHex}: {file}.minisig");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KeyPasswordException or MinisignFormatException)
        {
            return CliConsole.Fail(ex.Message);
        }
    }

    // What the officer is about to sign, said back to them, and the trusted comment that binds it. Everything that gives
    // power is said: each scan finding an approval waives, and each officer's raw key (a key id is only a label).
    private static (string? Comment, IReadOnlyList<string> Summary) Describe(byte[] bytes)
    {
        try
        {
            var statement = ApprovalStatement.Parse(Encoding.UTF8.GetString(bytes));
            return (statement.TrustedComment,
            [
                $"{statement.Decision} batch {statement.BatchId} (manifest sha256 {statement.ManifestSha256})",
                "  scan: " + ApprovalStatement.ScanInWords(statement.Scan),
                .. statement.PublishPlan.Select(line => "  publish " + line),
                .. statement.Waivers.Select(finding => "  waive " + finding),
                .. statement.Reason is null ? Array.Empty<string>() : [$"  reason: {statement.Reason}"],
            ]);
        }
        catch (FormatException)
        {
            // Not a statement: perhaps a roster proposal.
        }

        try
        {
            var roster = RosterFormat.Parse(bytes);
            var sha256 = RosterFormat.Sha256(bytes);
            return (RosterFormat.TrustedComment(roster, sha256),
            [
                $"roster version {roster.Version} of site {roster.SiteId}: {roster.Change} (threshold {roster.Threshold})",
                $"  follows {(roster.PreviousSha256 is null ? "no version: the founding roster" : "sha256 " + roster.PreviousSha256)}",
                .. roster.Officers.Select(o =>
                    $"  {o.Name} {(o.Active ? "active" : "disabled")} key {o.RawKey} (id {o.Key.KeyIdHex}) {string.Join(' ', o.Requesters)}".TrimEnd()),
                .. roster.RetiredKeys.Select(key => "  retired key " + key),
            ]);
        }
        catch (FormatException)
        {
            return (null, []);
        }
    }
}
