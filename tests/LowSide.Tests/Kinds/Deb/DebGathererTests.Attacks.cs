using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Deb;

/// <summary>What an attacker between the repository and the low side (or controlling a mirror) would try, each refused with its reason.</summary>
internal sealed partial class DebGathererTests
{
    private static TestDebianPackage[] Small => [new("hello", "1.0", "amd64") { Depends = "libgreet" }, new("libgreet", "1.0")];

    [Test]
    public async Task Gather_InReleaseSignedByAnotherKey_RepositorySignatureInvalid()
    {
        var repository = await DebRepositories.CreateAsync(Small, DebRepositories.Attacker);

        var request = await GatherAsync(repository, "hello");

        AssertFailed(request, LowSideReasons.RepositorySignatureInvalid, "not validly signed");
    }

    [Test]
    public async Task Gather_InReleaseEditedAfterSigning_RepositorySignatureInvalid()
    {
        var repository = await DebRepositories.CreateAsync(Small);
        var (oldHash, newHash) = await ReplaceIndexAsync(repository);
        var inRelease = repository.PathOf("dists/stable/InRelease");
        // The attacker points the signed Release at the index they substituted.
        await File.WriteAllTextAsync(inRelease, (await File.ReadAllTextAsync(inRelease)).Replace(oldHash, newHash, StringComparison.Ordinal));

        var request = await GatherAsync(repository, "hello");

        AssertFailed(request, LowSideReasons.RepositorySignatureInvalid, "not validly signed");
    }

    [Test]
    public async Task Gather_PackagesIndexDisagreesWithTheRelease_GatherFailed()
    {
        var repository = await DebRepositories.CreateAsync(Small);
        await ReplaceIndexAsync(repository);

        var request = await GatherAsync(repository, "hello");

        AssertFailed(request, LowSideReasons.GatherFailed, "Packages.gz does not match the expected sha256");
    }

    [Test]
    public async Task Gather_DebReplacedAfterIndexing_GatherFailedAndNotStored()
    {
        var repository = await DebRepositories.CreateAsync(Small);
        var hello = Small[0];
        var path = repository.PathOf(hello.PoolPath());
        await TestDebianRepository.BuildDebAsync(hello with { Content = "evil" }, path);
        var evil = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path)));

        await using var site = await DebRepositories.SiteAsync();
        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Deb(repository.Url, "stable", "hello"));

        AssertFailed(request, LowSideReasons.GatherFailed, hello.PoolPath());
        Assert.That(request.Failure, Does.Contain("does not match the expected sha256"));
        Assert.That((await site.GetAsync<ContentStore>()).Contains(evil), Is.False);
    }

    [TestCase("needs-new", "needs-new 1.0 depends on 'libgreet (>= 3.0)'")]
    [TestCase("needs-arm", "needs-arm 1.0 depends on 'arm-only'")]
    public async Task Gather_UnsatisfiableDependency_DependencyUnsatisfiableNamingIt(string name, string message)
    {
        var request = await GatherAsync(_repository, name);

        AssertFailed(request, LowSideReasons.DependencyUnsatisfiable, message);
    }

    [Test]
    public async Task Gather_RequestedPackageNotInTheRepository_GatherFailedNamingIt()
    {
        var request = await GatherAsync(_repository, "hello no-such-package");

        AssertFailed(request, LowSideReasons.GatherFailed, "package no-such-package is not in");
    }

    [Test]
    public async Task Gather_ExpiredValidUntil_RepositoryReleaseInvalid()
    {
        var repository = await DebRepositories.CreateAsync(Small);
        var release = repository.PathOf("dists/stable/Release");
        // An old Release, validly signed, replayed after it expired.
        var text = (await File.ReadAllTextAsync(release)).Replace("\nDate:", "\nValid-Until: Mon, 01 Jan 2024 00:00:00 UTC\nDate:",
            StringComparison.Ordinal);
        await File.WriteAllTextAsync(release, text);
        await DebRepositories.Archive.SignReleaseAsync(release);

        var request = await GatherAsync(repository, "hello");

        AssertFailed(request, LowSideReasons.RepositoryReleaseInvalid, "Valid-Until");
    }

    [Test]
    public async Task Gather_AnotherSuitesReleaseServedInItsPlace_RepositoryReleaseInvalid()
    {
        var repository = await DebRepositories.CreateAsync(Small, suite: "oldstable");
        DirectoryCopy.Recursive(repository.PathOf("dists/oldstable"), repository.PathOf("dists/stable"));

        var request = await GatherAsync(repository, "hello");

        AssertFailed(request, LowSideReasons.RepositoryReleaseInvalid, "suite 'oldstable'");
    }

    [Test]
    public async Task Gather_NoKeyringConfigured_GatherFailedNamingTheSetting()
    {
        await using var site = await TestSite.CreateAsync(DebRepositories.Prefix);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Deb(_repository.Url, "stable", "hello"));

        AssertFailed(request, LowSideReasons.GatherFailed, "Debian:Keyrings");
    }

    private static void AssertFailed(ArtifactRequest request, string code, string message)
    {
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(request.FailureCode, Is.EqualTo(code), request.Failure);
        Assert.That(request.Failure, Does.Contain(message));
    }

    // A Packages index with a package of the attacker's added, served in place of the signed one; returns the hashes.
    private static async Task<(string Old, string New)> ReplaceIndexAsync(DebRepository repository)
    {
        var gz = repository.PathOf("dists/stable/main/binary-amd64/Packages.gz");
        var old = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(gz)));
        var text = await File.ReadAllTextAsync(repository.PathOf("dists/stable/main/binary-amd64/Packages"));
        var evil = text.TrimEnd('\n') + "\n\nPackage: libevil\nVersion: 1.0\nArchitecture: all\nFilename: pool/main/l/libevil/libevil_1.0_all.deb\n"
            + "Size: 10\nSHA256: " + new string('a', 64) + "\n";
        await using (var output = new GZipStream(File.Create(gz), CompressionLevel.Optimal))
        {
            await output.WriteAsync(Encoding.UTF8.GetBytes(evil.Replace("Depends: libgreet", "Depends: libgreet, libevil", StringComparison.Ordinal)));
        }

        return (old, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(gz))));
    }
}
