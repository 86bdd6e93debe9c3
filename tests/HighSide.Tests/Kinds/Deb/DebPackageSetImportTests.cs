using TransferPipeline.Shared.Persistence;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.Deb;

/// <summary>
/// A hostile low side signs a batch whose deb artifact's package set lies about what it carries, editing the set made from
/// a real upstream index before it writes the batch: refused at import with its reason, so no officer is ever asked.
/// </summary>
[OnBothProviders]
public sealed class DebPackageSetImportTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    private const string Escaping = "pool/../../../../etc/cron.d/hello.deb";

    [TestCase("injected-paragraph", PublishReasons.PackageSetInvalid)]
    [TestCase("filename-escapes-the-pool", PublishReasons.PackageSetInvalid)]
    [TestCase("stanza-names-other-bytes", PublishReasons.PackageSetInvalid)]
    [TestCase("repository-url-not-a-plain-path", PublishReasons.RepositoryPathUnsafe)]
    public async Task Import_HostileSet_RefusedWithItsReason(string attack, string reason)
    {
        using var upstream = new TempDirectory("upstream");
        using var key = await TestOpenPgpKey.CreateAsync();
        var packages = await DebArtifacts.BuildUpstreamAsync(upstream.Path, key,
            [new TestDebianPackage("hello", "2.10-3", "amd64") { Depends = "libgreet" }, new TestDebianPackage("libgreet", "1.2-1")]);
        var honest = DebArtifacts.Set(packages, "hello");
        var debs = packages.Select(p => Path.Combine(upstream.Path, p.Filename)).ToList();
        var hello = packages.Single(p => p.Package == "hello");
        var hostile = attack switch
        {
            // A second paragraph in the stanza would list a package nobody approved in the published Packages index.
            "injected-paragraph" => With(honest, hello with
            {
                Control = hello.Control + "\n\nPackage: evil\nVersion: 1.0\nArchitecture: amd64\n"
                    + "Filename: pool/main/e/evil/evil_1.0_amd64.deb",
            }),
            "filename-escapes-the-pool" => With(honest, hello with
            {
                Filename = Escaping,
                Control = hello.Control.Replace($"Filename: {hello.Filename}", $"Filename: {Escaping}", StringComparison.Ordinal),
            }),
            "stanza-names-other-bytes" => With(honest, hello with
            {
                Control = hello.Control.Replace($"SHA256: {hello.Sha256}", $"SHA256: {new string('a', 64)}", StringComparison.Ordinal),
            }),
            _ => honest with { Repository = "http://deb.example.org/de~bian" },
        };
        var artifact = await DebArtifacts.AddAsync(Scenario.Store, upstream.Path, hostile, debs);

        var result = await HighSide.ImportAsync(await Scenario.WriteVolumeAsync(1, [artifact]));

        Assert.That((result.State, result.ReasonCode), Is.EqualTo((BatchStates.Refused, reason)), result.Message);
        var refused = (await HighSide.AuditEntriesAsync("batch.refused")).Single();
        Assert.That(refused.DetailsJson, Does.Contain(reason));
        Assert.That(Directory.Exists(HighSide.DebianMirror), Is.False, "nothing was published");
    }

    private static DebianPackageSet With(DebianPackageSet set, DebianPackage replacement) =>
        set with { Packages = [.. set.Packages.Select(p => p.Package == replacement.Package ? replacement : p)] };
}
