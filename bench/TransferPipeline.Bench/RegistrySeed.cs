namespace TransferPipeline.Bench;

/// <summary>
/// Writes images straight into the storage of a docker-registry (distribution) filesystem driver, so
/// a benchmark's source registry holds 50,000 layers in seconds instead of an hour of pushing. Set up
/// before the registry starts; blob data are symbolic links to the layout's files.
/// </summary>
internal sealed class RegistrySeed(string storageRoot, string repository)
{
    private readonly string _v2 = Path.Combine(storageRoot, "docker", "registry", "v2");

    public void AddImage(string layoutBlobs, string tag, string manifestDigest, IEnumerable<string> blobDigests)
    {
        var repo = Path.Combine(_v2, "repositories", repository);
        foreach (var digest in blobDigests.Append(manifestDigest))
        {
            var hex = digest["sha256:".Length..];
            var data = Path.Combine(_v2, "blobs", "sha256", hex[..2], hex, "data");
            if (!File.Exists(data))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(data)!);
                File.CreateSymbolicLink(data, Path.GetFullPath(Path.Combine(layoutBlobs, hex)));
            }

            var kind = digest == manifestDigest ? Path.Combine("_manifests", "revisions") : "_layers";
            WriteLink(Path.Combine(repo, kind, "sha256", hex, "link"), digest);
        }

        var manifestHex = manifestDigest["sha256:".Length..];
        WriteLink(Path.Combine(repo, "_manifests", "tags", tag, "current", "link"), manifestDigest);
        WriteLink(Path.Combine(repo, "_manifests", "tags", tag, "index", "sha256", manifestHex, "link"), manifestDigest);
    }

    private static void WriteLink(string path, string digest)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, digest);
    }
}
