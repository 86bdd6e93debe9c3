using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// Checks a repository's InRelease with gpgv against the keyrings of Debian:Keyrings (nothing else: its own home, no
/// network) and returns the file gpgv wrote the signed text to. Only that text is read afterwards: whatever an attacker
/// puts around the signed part of the armoured file never reaches the parser.
/// </summary>
internal sealed class InReleaseVerifier(IOptions<DebianOptions> options)
{
    private const long MaxStatusBytes = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Refusing = ["BADSIG", "ERRSIG", "EXPSIG", "EXPKEYSIG", "REVKEYSIG", "NODATA", "FAILURE"];

    /// <summary>Verifies <paramref name="inRelease"/> using <paramref name="directory"/> (private, empty) for gpgv's files.</summary>
    public async Task<string> VerifyAsync(string inRelease, string directory, string repository, CancellationToken ct)
    {
        var keyrings = WriteKeyrings(directory);
        var home = Directory.CreateDirectory(Path.Combine(directory, "gnupg")).FullName;
        var verified = Path.Combine(directory, "Release.verified");
        string[] arguments =
        [
            "--homedir", home, "--status-fd", "1", .. keyrings.SelectMany(k => new[] { "--keyring", k }), "--output", verified, inRelease,
        ];
        using var status = new MemoryStream();
        var result = await DebTool.RunAsync("gpgv", arguments, directory, status, MaxStatusBytes, Timeout, ct);
        var lines = Encoding.UTF8.GetString(status.ToArray()).Split('\n').Select(l => l.Trim()).ToList();
        bool Has(string keyword) =>
            lines.Any(l => l.StartsWith($"[GNUPG:] {keyword} ", StringComparison.Ordinal) || l == $"[GNUPG:] {keyword}");
        if (result.ExitCode != 0 || !Has("GOODSIG") || !Has("VALIDSIG") || Refusing.Any(Has) || !System.IO.File.Exists(verified))
        {
            var why = result.StandardError.Split('\n').LastOrDefault(l => l.Length > 0) ?? $"gpgv exited with {result.ExitCode}";
            throw new GatherRefusedException(LowSideReasons.RepositorySignatureInvalid,
                $"the InRelease of {repository} is not validly signed by a key of {DebianOptions.Section}:Keyrings ({why.Trim()})");
        }

        return verified;
    }

    private List<string> WriteKeyrings(string directory)
    {
        if (options.Value.Keyrings.Count == 0)
        {
            throw new GatherRefusedException(
                $"no keyring to verify Debian repositories with: set {DebianOptions.Section}:Keyrings "
                + "to the archive's OpenPGP public keys");
        }

        var written = new List<string>();
        foreach (var keyring in options.Value.Keyrings)
        {
            if (!OpenPgpKeyring.TryLoad(keyring, out var packets, out var error))
            {
                throw new GatherRefusedException(error);
            }

            var path = Path.Combine(directory, $"keyring-{written.Count}.gpg");
            System.IO.File.WriteAllBytes(path, packets);
            written.Add(path);
        }

        return written;
    }
}
