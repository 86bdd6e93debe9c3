using TransferPipeline.Hosting.Cli;
using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Trust;

/// <summary>`lowside trust add --key FILE`, `lowside trust list`.</summary>
internal static class TrustCommands
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The high side's public key (minisign .pub)", Required = true };
        var add = new Command("add", "Accept receipts signed by this high-side key") { key };
        add.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<TrustStore>().AddAsync(parse.GetValue(key)!, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            CliConsole.Line($"trusted high-side key {outcome.Value!.KeyIdHex}");
            return ExitCodes.Ok;
        }, ct));
        var list = new Command("list", "List the registered high-side keys");
        list.SetAction((parse, ct) => LowSideHost.RunAsync(parse, (services, _) =>
        {
            foreach (var k in services.GetRequiredService<TrustStore>().List())
            {
                CliConsole.Line($"{k.KeyIdHex}  {k.ToBase64()}");
            }

            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return new Command("trust", "High-side keys whose receipts are accepted") { add, list };
    }
}
