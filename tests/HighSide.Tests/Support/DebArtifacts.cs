using System.Globalization;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// Deb artifacts as a low side writes them: real .debs built and indexed by Debian's own tools in an upstream repository,
/// their stanzas read from its Packages index into a package set, the set and the .debs put in the low side's store.
/// A hostile low side edits the set before it is written and signed.
/// </summary>
internal static class DebArtifacts
{
    public const string Repository = "http://deb.example.org/debian";

    /// <summary>Builds <paramref name="packages"/> into a signed upstream repository at <paramref name="upstream"/>.</summary>
    public static async Task<IReadOnlyList<DebianPackage>> BuildUpstreamAsync(string upstream, TestOpenPgpKey key,
        IEnumerable<TestDebianPackage> packages, string architecture = "amd64")
    {
        var index = await TestDebianRepository.CreateAsync(upstream, packages, key, architecture: architecture);
        using var reader = new StreamReader(index);
        return [.. Deb822Reader.Read(reader).Select(p => new DebianPackage
        {
            Package = p["Package"]!,
            Version = p["Version"]!,
            Architecture = p["Architecture"]!,
            Filename = p["Filename"]!,
            Size = long.Parse(p["Size"]!, CultureInfo.InvariantCulture),
            Sha256 = p["SHA256"]!,
            Control = p.Text,
        })];
    }

    public static DebianPackageSet Set(IReadOnlyList<DebianPackage> packages, string requested, string architecture = "amd64") => new()
    {
        Format = DebianPackageSet.CurrentFormat,
        Repository = Repository,
        Suite = "stable",
        Component = "main",
        Architecture = architecture,
        Requested = requested.Split(' '),
        Release = new DebianRelease { Origin = "Test" },
        Packages = packages,
    };

    /// <summary>
    /// The set and its .debs (read from <paramref name="upstream"/> by their upstream pool paths, or <paramref name="debFiles"/>
    /// for a set whose filenames no longer name them) in <paramref name="store"/>, as one deb artifact.
    /// </summary>
    public static async Task<BatchArtifactInput> AddAsync(ContentStore store, string upstream, DebianPackageSet set,
        IReadOnlyList<string>? debFiles = null)
    {
        var blobs = new List<BlobInput>();
        using (var json = new MemoryStream())
        {
            await DebianPackageSetFormat.WriteAsync(json, set, CancellationToken.None);
            json.Position = 0;
            var root = await store.PutAsync(json, null, null, null, CancellationToken.None);
            blobs.Add(new BlobInput(root.Digest, root.Size));
        }

        foreach (var file in debFiles ?? [.. set.Packages.Select(p => Path.Combine(upstream, p.Filename))])
        {
            await using var deb = File.OpenRead(file);
            var stored = await store.PutAsync(deb, null, null, null, CancellationToken.None);
            if (blobs.All(b => b.Digest != stored.Digest))
            {
                blobs.Add(new BlobInput(stored.Digest, stored.Size));
            }
        }

        return new BatchArtifactInput
        {
            Kind = ArtifactKinds.Deb,
            Source = $"{set.Repository} {set.Suite} {set.Component}",
            Digest = blobs[0].Digest,
            MediaType = DebianPackageSet.MediaType,
            Name = string.Join(' ', set.Requested),
            Requester = "local:bob",
            RequestId = Guid.NewGuid().ToString("N"),
            Justification = "packages for the lab",
            Blobs = blobs,
        };
    }
}
