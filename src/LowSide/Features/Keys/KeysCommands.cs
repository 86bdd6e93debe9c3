using System.CommandLine;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Keys;

/// <summary>Key verbs of the low side.</summary>
internal static class KeysCommands
{
    public static Command Keygen() =>
        KeygenCommand.Create("Create a site signing key pair (minisign format) for signing transfer batches");

    /// <summary>`lowside key show`: the site's public key and key id.</summary>
    public static Command Key()
    {
        var show = new Command("show", "Print the site's public key and key id");
        show.SetAction((parse, ct) => LowSideHost.RunAsync(parse, (services, _) =>
        {
            var keys = services.GetRequiredService<SiteKey>();
            var key = keys.LoadPublicKey();
            CliConsole.Line($"key id     {key.KeyIdHex}");
            CliConsole.Line($"public key {key.ToBase64()}");
            CliConsole.Line($"file       {keys.PublicKeyPath}");
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return new Command("key", "The site's signing key") { show };
    }
}
