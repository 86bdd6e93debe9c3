using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Deb;

/// <summary>
/// The archive's signing key and an attacker's, made once for the deb tests, and real signed repositories built with them
/// under the shared file server's <c>deb/</c> prefix, each in its own directory.
/// </summary>
[SetUpFixture]
internal sealed class DebRepositories
{
    public static TestOpenPgpKey Archive { get; private set; } = null!;
    public static TestOpenPgpKey Attacker { get; private set; } = null!;

    public static string Prefix => SharedServers.Files.Prefix + "deb/";

    [OneTimeSetUp]
    public async Task CreateKeysAsync()
    {
        Archive = await TestOpenPgpKey.CreateAsync();
        Attacker = await TestOpenPgpKey.CreateAsync("Test Archive <archive@example.invalid>");
    }

    [OneTimeTearDown]
    public void RemoveKeys()
    {
        Archive?.Dispose();
        Attacker?.Dispose();
    }

    /// <summary>Builds a repository of <paramref name="packages"/> signed by <paramref name="key"/> (the archive's by default).</summary>
    public static async Task<DebRepository> CreateAsync(
        IEnumerable<TestDebianPackage> packages, TestOpenPgpKey? key = null, string suite = "stable")
    {
        var name = Guid.NewGuid().ToString("N")[..12];
        var root = SharedServers.Files.PathOf($"deb/{name}");
        await TestDebianRepository.CreateAsync(root, packages, key ?? Archive, suite);
        return new DebRepository(root, Prefix + name);
    }

    /// <summary>A low-side site that allows the deb prefix and trusts <paramref name="keyrings"/> (the archive's keyring by default).</summary>
    public static async Task<TestSite> SiteAsync(params string[] keyrings)
    {
        var site = await TestSite.CreateAsync(Prefix);
        site.Configure(json => json["Debian"] = new JsonObject
        {
            ["Keyrings"] = new JsonArray([.. (keyrings.Length == 0 ? [Archive.KeyringPath] : keyrings).Select(k => JsonValue.Create(k))]),
        });
        return site;
    }
}
