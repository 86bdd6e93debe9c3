using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>The real gpgv, as apt runs it: verifies signatures against an armoured public key turned into a binary keyring.</summary>
internal static class Gpgv
{
    /// <summary>Verifies a clear-signed file, or a detached signature of <paramref name="signed"/>.</summary>
    public static async Task<ProcessResult> VerifyAsync(string armouredPublicKey, string signature, string? signed = null)
    {
        using var directory = new TempDirectory("gpgv");
        var keyring = directory.Combine("keyring.gpg");
        var dearmored = await ProcessRunner.RunAsync("gpg", ["--batch", "--yes", "--dearmor", "--output", keyring, armouredPublicKey]);
        Assert.That(dearmored.ExitCode, Is.Zero, dearmored.ToString());
        string[] files = signed is null ? [signature] : [signature, signed];
        return await ProcessRunner.RunAsync("gpgv", ["--keyring", keyring, .. files]);
    }
}
