using System.CommandLine;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;

namespace TransferPipeline.HighSide.Features.Trust;

/// <summary>`highside trust add|list|revoke`.</summary>
internal static class TrustCommands
{
    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "The low-side site the key signs for", Required = true };
        var key = new Option<string>("--key") { Description = "The site's minisign public key (.pub)", Required = true };
        var add = new Command("add", "Trust a low-side site key for one site") { site, key };
        add.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<TrustService>().AddAsync(parse.GetValue(site)!, parse.GetValue(key)!, HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line($"trusted key {outcome.Value.KeyId} for site {outcome.Value.SiteId}");
            return ExitCodes.Ok;
        }, ct));

        var list = new Command("list", "List trusted keys") { CommonOptions.Json };
        list.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var keys = await services.GetRequiredService<TrustService>().ListAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(keys);
                return ExitCodes.Ok;
            }

            foreach (var k in keys)
            {
                CliConsole.Line($"{k.KeyId}  site {k.SiteId}  added {k.AddedUtc:u}{(k.IsRevoked ? $"  REVOKED {k.RevokedUtc:u}" : "")}");
            }

            return ExitCodes.Ok;
        }, ct));

        var keyId = new Argument<string>("KEY_ID") { Description = "The key id as minisign prints it" };
        var revoke = new Command("revoke", "Revoke a trusted key: its batches are refused from now on") { keyId };
        revoke.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<TrustService>().RevokeAsync(parse.GetValue(keyId)!, HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line($"revoked key {outcome.Value.KeyId} (site {outcome.Value.SiteId})");
            return ExitCodes.Ok;
        }, ct));

        return new Command("trust", "Low-side site keys the high side accepts") { add, list, revoke };
    }
}
