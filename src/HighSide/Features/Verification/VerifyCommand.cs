using System.CommandLine;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Verification;

/// <summary>
/// `highside verify VOLUME_DIR... --trust KEY.pub [--site SITE] [--json]`: checks volumes stand-alone, without
/// importing them, and exits non-zero when any fails, with the reason. Several volumes (all of one batch, or a
/// conformance set) are checked in one run, one after the other.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var volumes = new Argument<string[]>("VOLUME_DIR")
        {
            Description = "Volume directories of transfer batches",
            Arity = ArgumentArity.OneOrMore,
        };
        var trust = new Option<string[]>("--trust")
        {
            Description = "A trusted low-side public key (minisign .pub); repeatable",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var site = new Option<string?>("--site") { Description = "Accept the keys only for this site id" };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON: an object for one volume, an array for several" };
        var command = new Command(
            "verify", "Verify batch volumes stand-alone (signature, manifest, SHA256SUMS, files, every byte, OCI layout) without importing them")
        {
            volumes, trust, site, json,
        };
        // Synchronous, as the verification is: no async machinery to compile for a short command. Ctrl-C ends the
        // process, which is safe since verifying changes nothing.
        command.SetAction(parse => Run(parse.GetValue(volumes)!, parse.GetValue(trust)!, parse.GetValue(site), parse.GetValue(json)));
        return command;
    }

    private static int Run(string[] volumes, string[] trustFiles, string? site, bool json)
    {
        var keys = new List<TrustedSigningKey>();
        foreach (var file in trustFiles)
        {
            try
            {
                keys.Add(new TrustedSigningKey(MinisignPublicKey.Load(file), site));
            }
            catch (Exception ex) when (ex is IOException or MinisignFormatException or UnauthorizedAccessException)
            {
                return CliConsole.Fail($"cannot read trusted key '{file}': {ex.Message}");
            }
        }

        var verdicts = new List<object>(volumes.Length);
        var failed = 0;
        foreach (var volume in volumes)
        {
            var options = new BatchVerificationOptions { Now = TimeProvider.System.GetUtcNow() };
            var result = VolumeVerifier.Verify(volume, keys, options);
            failed += result.IsValid ? 0 : 1;
            if (json)
            {
                verdicts.Add(Verdict(volume, result));
            }
            else
            {
                Report(volumes.Length > 1 ? volume + ": " : "", result);
            }
        }

        if (json)
        {
            CliConsole.Json(verdicts.Count == 1 ? verdicts[0] : verdicts);
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static object Verdict(string volume, BatchVerificationResult result) => new
    {
        volumeDirectory = volume,
        valid = result.IsValid,
        reason = result.ReasonCode,
        message = result.Message,
        batchId = result.Manifest?.BatchId,
        siteId = result.Manifest?.SiteId,
        sequence = result.Manifest?.Sequence,
        volume = result.VolumeNumber,
        volumes = result.Manifest?.Volumes.Count,
        manifestSha256 = result.ManifestSha256,
        keyId = result.SigningKey?.KeyIdHex,
        bytesVerified = result.BytesVerified,
    };

    private static void Report(string prefix, BatchVerificationResult result)
    {
        if (!result.IsValid)
        {
            CliConsole.Fail($"{prefix}volume refused [{result.ReasonCode}]: {result.Message}");
            return;
        }

        CliConsole.Line($"{prefix}OK: {result.Message}");
        CliConsole.Line($"{prefix}manifest sha256 {result.ManifestSha256}, {Shared.ByteSize.Format(result.BytesVerified)} verified");
    }
}
