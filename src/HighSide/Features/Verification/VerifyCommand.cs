using System.CommandLine;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Verification;

/// <summary>
/// `highside verify VOLUME_DIR --trust KEY.pub [--site SITE]`: checks one volume stand-alone, without
/// importing it, and exits non-zero with the reason when it fails.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var volume = new Argument<string>("VOLUME_DIR") { Description = "A volume directory of a transfer batch" };
        var trust = new Option<string[]>("--trust")
        {
            Description = "A trusted low-side public key (minisign .pub); repeatable",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var site = new Option<string?>("--site") { Description = "Accept the keys only for this site id" };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON" };
        var command = new Command("verify", "Verify one batch volume stand-alone (signature, manifest, files, every byte) without importing it")
        {
            volume, trust, site, json,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(volume)!, parse.GetValue(trust)!, parse.GetValue(site), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(string volume, string[] trustFiles, string? site, bool json, CancellationToken cancellationToken)
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

        var options = new BatchVerificationOptions { Now = TimeProvider.System.GetUtcNow() };
        var result = await VolumeVerifier.VerifyAsync(volume, keys, options, cancellationToken);
        if (json)
        {
            CliConsole.Json(new
            {
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
            });
            return result.IsValid ? ExitCodes.Ok : ExitCodes.Failed;
        }

        if (!result.IsValid)
        {
            return CliConsole.Fail($"volume refused [{result.ReasonCode}]: {result.Message}");
        }

        CliConsole.Line($"OK: {result.Message}");
        CliConsole.Line($"manifest sha256 {result.ManifestSha256}, {Shared.ByteSize.Format(result.BytesVerified)} verified");
        return ExitCodes.Ok;
    }
}
