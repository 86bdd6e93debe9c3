using System.CommandLine;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Hosting.Cli;

namespace TransferPipeline.HighSide.Features.Setup;

/// <summary>`highside init --data DIR --site SITE_ID [--registry URL] [--files DIR] [--charts DIR] [--debian DIR] [--pypi DIR] [--no-password]`.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "This high side's site id (names it in receipts)", Required = true };
        var registry = new Option<string?>("--registry") { Description = "The internal OCI registry, e.g. https://registry.internal:5000" };
        var files = new Option<string?>("--files") { Description = "The file mirror directory" };
        var charts = new Option<string?>("--charts") { Description = "The chart repository directory" };
        var debian = new Option<string?>("--debian") { Description = "The apt mirror's root directory (signed Debian repositories)" };
        var pypi = new Option<string?>("--pypi") { Description = "The Python simple index directory (PEP 503, for pip --index-url)" };
        var noPassword = new Option<bool>("--no-password") { Description = "Leave the high side's key unencrypted (for an unattended daemon)" };
        var passwordFile = new Option<string?>("--password-file") { Description = "Read the new key's password from this file" };
        var command = new Command("init", "Create a data directory: database, quarantine, configuration and the high side's signing key")
        {
            site, registry, files, charts, debian, pypi, noPassword, passwordFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            var data = HighSideHost.Side.ResolveData(parse);
            if (data is null)
            {
                return CliConsole.Usage(CliRunner.NotInitialized(HighSideHost.Side, null));
            }

            var request = new InitRequest(data.Root, parse.GetValue(site)!, parse.GetValue(registry), parse.GetValue(files), parse.GetValue(charts),
                parse.GetValue(noPassword), parse.GetValue(passwordFile), parse.GetValue(debian), parse.GetValue(pypi));
            var validation = await new InitRequestValidator().ValidateAsync(request, ct);
            if (!validation.IsValid)
            {
                return CliConsole.Fail(string.Join("; ", validation.Errors.Select(e => e.ErrorMessage)));
            }

            try
            {
                var outcome = await InitService.InitializeAsync(request, TimeProvider.System, ct);
                if (!outcome.IsOk)
                {
                    return CliFailures.Exit(outcome.Error);
                }

                CliConsole.Line($"initialised {data.Root} for site {request.SiteId}");
                CliConsole.Line($"high-side key {outcome.Value.KeyIdHex}: {data.SiteKeyPrefix}.pub (give it to the low side to check receipts)");
                var archive = await SiteArchiveKey.EnsureGeneratedAsync(data, request.SiteId, TimeProvider.System.GetUtcNow(), ct);
                CliConsole.Line($"apt archive key {archive.Key.Fingerprint}: {SiteArchiveKey.GeneratedKeyFile(data)} (see `highside debian-key`)");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KeyPasswordException)
            {
                return CliConsole.Fail(ex.Message);
            }
        });
        return command;
    }
}
