namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A throwaway OpenPGP signing key in its own GnuPG home (ed25519, no passphrase), made with gpg: signs Release files as
/// an upstream archive would, and exports its public key as the binary keyring gpgv and apt read.
/// </summary>
public sealed class TestOpenPgpKey : IDisposable
{
    private readonly TempDirectory _home;

    private TestOpenPgpKey(TempDirectory home, string keyring)
    {
        _home = home;
        KeyringPath = keyring;
    }

    /// <summary>The public key as a binary keyring (what <c>gpgv --keyring</c> and apt's signed-by take).</summary>
    public string KeyringPath { get; }

    public string Home => _home.Path;

    public static async Task<TestOpenPgpKey> CreateAsync(string userId = "Test Archive <archive@example.invalid>")
    {
        var home = new TempDirectory("gnupg");
        File.SetUnixFileMode(home.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = new TestOpenPgpKey(home, home.Combine("keyring.gpg"));
        await key.GpgAsync("--passphrase", "", "--quick-gen-key", userId, "ed25519", "sign", "never");
        var exported = await key.GpgAsync("--export");
        await File.WriteAllBytesAsync(key.KeyringPath, exported.StandardOutputBytes);
        return key;
    }

    /// <summary>Writes InRelease (clear-signed) and Release.gpg (detached, armoured) beside <paramref name="releaseFile"/>.</summary>
    public async Task SignReleaseAsync(string releaseFile)
    {
        var directory = Path.GetDirectoryName(releaseFile)!;
        await GpgAsync("--yes", "--clearsign", "--output", Path.Combine(directory, "InRelease"), releaseFile);
        await GpgAsync("--yes", "--armor", "--detach-sign", "--output", Path.Combine(directory, "Release.gpg"), releaseFile);
    }

    public async Task<ProcessResult> GpgAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("gpg", ["--homedir", Home, "--batch", "--pinentry-mode", "loopback", .. arguments]);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"gpg {string.Join(' ', arguments)}: {result}");
    }

    public void Dispose()
    {
        ProcessRunner.RunAsync("gpgconf", ["--homedir", Home, "--kill", "gpg-agent"]).GetAwaiter().GetResult();
        _home.Dispose();
    }
}
