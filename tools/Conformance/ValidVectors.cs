using TransferPipeline.Shared.Batches;
using static TransferPipeline.Conformance.Define;

namespace TransferPipeline.Conformance;

/// <summary>Volumes every verifier must accept.</summary>
internal static class ValidVectors
{
    public static IEnumerable<VectorDefinition> All =>
    [
        Valid("valid-single-volume", "LAY-2",
            "One volume: two images sharing a layer (one an OCI index), a file, a chart and ClamAV scanner data, as the writer writes it",
            AsWritten(b => b.Single)),
        Valid("valid-two-volumes-v001", "STR-16", "Volume 1 of 2: a 96 KiB file chunked across both volumes, its first chunk here",
            AsWritten(b => b.TwoVolumesFirst)),
        Valid("valid-two-volumes-v002", "STR-16", "Volume 2 of 2: the second chunk of the file chunked across both volumes",
            AsWritten(b => b.TwoVolumesSecond)),
        Valid("valid-chunked-one-volume", "STR-16", "A 40,000-byte file in three chunks of a 16 KiB chunk size, all on this one volume",
            AsWritten(b => b.ChunkedOneVolume)),
        Valid("valid-con2-chunks-swapped", "CON-2",
            "Chunks 0 and 1 (16 KiB each) swapped, with their sha256 in chunk and files entries and SHA256SUMS: each chunk "
            + "matches its entry, so a verifier of this one volume accepts it (CON-1); joined they are not the blob, which the high "
            + "side finds when it joins the chunks and refuses the batch as blob-digest-mismatch (CON-2, HIGH-4)",
            Manifest(b => b.ChunkedOneVolume, v =>
            {
                var digest = (string)v.Artifacts[0]!["digest"]!;
                var (first, second) = (BatchFileNames.ChunkPath(digest, 0), BatchFileNames.ChunkPath(digest, 1));
                var firstBytes = File.ReadAllBytes(v.PathOf(first));
                File.Copy(v.PathOf(second), v.PathOf(first), overwrite: true);
                File.WriteAllBytes(v.PathOf(second), firstBytes);
                v.Refresh(first);
                v.Refresh(second);
                var chunks = v.Blob(digest)["chunks"]!.AsArray();
                chunks[0]!["sha256"] = v.FileEntry(first)["sha256"]!.DeepClone();
                chunks[1]!["sha256"] = v.FileEntry(second)["sha256"]!.DeepClone();
            })),
        Valid("valid-incremental", "STR-14",
            "An incremental batch: one layer of the app image is listed shipped:false, so only the tool image is in index.json",
            AsWritten(b => b.Incremental)),
        Valid("valid-cosign-signature", "ART-12", "An image with a cosign signature attachment under its .sig tag",
            AsWritten(b => b.Signed)),
        Valid("valid-debian-packages", "ART-14", "A deb artifact: its package set, then two packages, one depending on the other",
            AsWritten(b => b.Debian)),
        Valid("valid-npm-packages", "ART-15", "An npm artifact: its package set, then two pinned tarballs, one of them scoped",
            AsWritten(b => b.Npm)),
        Valid("valid-pypi-packages", "ART-16", "A pypi artifact: its package set, then a wheel and sdist of one pinned release and a wheel of another",
            AsWritten(b => b.PyPI)),
        Valid("valid-nuget-packages", "ART-17", "A nuget artifact: its package set, then the two packages a lock file resolved",
            AsWritten(b => b.NuGet)),
        Valid("valid-renamed-volume", "VID-2", "The single volume copied under another directory name: volumes are known by SHA256SUMS",
            build => Task.FromResult(build.Copy(build.Bases.Single, "renamed-volume").Directory)),
        Valid("valid-trusted-for-site", "BIND-3", "The single volume, its key trusted for site-a only (verify --site site-a)",
            AsWritten(b => b.Single)) with { Site = BaseVolumes.SiteId },
        Valid("valid-key-leading-zero-as-written", "MAN-9", "Signed by a key whose id starts with a zero nibble, as the writer writes it",
            AsWritten(b => b.LeadingZeroKey)) with { TrustKey = ConformanceKeys.LeadingZero },
        Valid("valid-key-id-15-digits", "BIND-2",
            "keyId written without the leading zero (15 digits, as minisign prints it); compared as a number with the key's id",
            KeyIdAs(digits: 15)) with { TrustKey = ConformanceKeys.LeadingZero },
        Valid("valid-key-id-16-digits", "BIND-2", "keyId written zero-padded to 16 digits, as writers write it",
            KeyIdAs(digits: 16)) with { TrustKey = ConformanceKeys.LeadingZero },
        Valid("valid-signature-crlf", "SIG-1", "manifest.json.minisig with CR LF line ends and no final line end: tolerated",
            Disk(b => b.Single, (_, volume) =>
            {
                var path = volume.PathOf(BatchFileNames.Signature);
                File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n').Replace("\n", "\r\n", StringComparison.Ordinal));
            })),
    ];

    private static Func<VectorBuild, Task<string>> KeyIdAs(int digits) => async build =>
    {
        var volume = build.Copy(build.Bases.LeadingZeroKey);
        var id = build.Keys[ConformanceKeys.LeadingZero].PublicKey.KeyIdHex.PadLeft(16, '0');
        volume.Manifest["keyId"] = id[(16 - digits)..];
        await volume.CommitAsync(key: ConformanceKeys.LeadingZero, ct: build.CancellationToken);
        return volume.Directory;
    };
}
