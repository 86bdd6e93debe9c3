using System.Text;
using TransferPipeline.Shared.Batches;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>VOL and SIG: the volume directory, manifest.json and manifest.json.minisig as files, and the signature.</summary>
internal static class ControlFileVectors
{
    private const long MaxManifestBytes = 256L * 1024 * 1024;
    private const int MaxSignatureBytes = 8192;

    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("vol1-not-a-directory", "VOL-1", Reasons.VolumeIncomplete, Passes, "The volume path is a regular file",
            build =>
            {
                var path = build.Beside(Path.GetFileName(build.Bases.Single));
                File.WriteAllText(path, "not a volume\n");
                return Task.FromResult(path);
            }),
        Invalid("vol1-symlink", "VOL-1", Reasons.UnsafeFileType, Passes, "The volume path is a symbolic link to a valid volume",
            build =>
            {
                var name = Path.GetFileName(build.Bases.Single);
                var path = build.Beside(name);
                File.CreateSymbolicLink(path, $"../{Path.GetFileName(Path.GetDirectoryName(build.Bases.Single))}/{name}");
                return Task.FromResult(path);
            }),
        Invalid("vol2-no-manifest", "VOL-2", Reasons.VolumeIncomplete, Passes, "manifest.json is absent",
            Disk(b => b.Single, (_, v) => File.Delete(v.PathOf(BatchFileNames.Manifest)))),
        Invalid("vol2-no-signature", "VOL-2", Reasons.VolumeIncomplete, Passes, "manifest.json.minisig is absent (writing never committed)",
            Disk(b => b.Single, (_, v) => File.Delete(v.PathOf(BatchFileNames.Signature)))),
        Invalid("vol3-manifest-symlink", "VOL-3", Reasons.UnsafeFileType, Passes,
            "manifest.json is a symbolic link to the real manifest beside the volume",
            Disk(b => b.Single, (build, v) => FileSystemFaults.Symlink(build, v, BatchFileNames.Manifest, "manifest.json.target"))),
        Invalid("vol3-manifest-directory", "VOL-3", Reasons.UnsafeFileType, Passes, "manifest.json is a directory",
            Disk(b => b.Single, (_, v) => FileSystemFaults.Directory(v, BatchFileNames.Manifest))),
        Invalid("vol3-signature-fifo", "VOL-3", Reasons.UnsafeFileType, Passes, "manifest.json.minisig is a FIFO (reading it would block)",
            Disk(b => b.Single, (_, v) => FileSystemFaults.Fifo(v, BatchFileNames.Signature))),
        Invalid("vol4-manifest-hard-link", "VOL-4", Reasons.HardLink, Passes, "manifest.json has a second name (hard link) beside the volume",
            Disk(b => b.Single, (build, v) => NativeLinks.HardLink(v.PathOf(BatchFileNames.Manifest), build.Beside("second-name")))),
        Invalid("vol4-signature-hard-link", "VOL-4", Reasons.HardLink, Passes, "manifest.json.minisig has a second name beside the volume",
            Disk(b => b.Single, (build, v) => NativeLinks.HardLink(v.PathOf(BatchFileNames.Signature), build.Beside("second-name")))),
        Invalid("vol5-manifest-too-large", "VOL-5", Reasons.LimitExceeded, Passes,
            "manifest.json is 256 MiB + 1 byte (sparse: NUL bytes after the manifest); refused by its size before it is read",
            Disk(b => b.Single, (_, v) => Grow(v.PathOf(BatchFileNames.Manifest), MaxManifestBytes + 1))),
        Invalid("vol5-signature-too-large", "VOL-5", Reasons.LimitExceeded, Passes,
            "manifest.json.minisig is 8193 bytes (a long untrusted comment); refused by its size before it is read",
            Disk(b => b.Single, (_, v) =>
            {
                var lines = SignatureText.Lines(v);
                var text = string.Join('\n', lines) + "\n";
                lines[0] += new string('x', MaxSignatureBytes + 1 - Encoding.UTF8.GetByteCount(text));
                SignatureText.Write(v, lines);
            })),
        Invalid("sig1-three-lines", "SIG-1", Reasons.SignatureMalformed, Passes, "The untrusted comment line is missing",
            Disk(b => b.Single, (_, v) => SignatureText.Write(v, SignatureText.Lines(v).Skip(1)))),
        Invalid("sig1-five-lines", "SIG-1", Reasons.SignatureMalformed, Passes, "A fifth line follows the global signature",
            Disk(b => b.Single, (_, v) => SignatureText.Write(v, [.. SignatureText.Lines(v), "extra"]))),
        Invalid("sig1-byte-order-mark", "SIG-1", Reasons.SignatureMalformed, Passes, "The file starts with a UTF-8 byte order mark",
            Disk(b => b.Single, (_, v) =>
            {
                var path = v.PathOf(BatchFileNames.Signature);
                File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);
            })),
        Invalid("sig1-untrusted-comment-prefix", "SIG-1", Reasons.SignatureMalformed, Passes, "Line 1 does not start with 'untrusted comment: '",
            Disk(b => b.Single, (_, v) => EditLine(v, 0, line => line.Replace("untrusted comment: ", "comment: ", StringComparison.Ordinal)))),
        Invalid("sig1-trusted-comment-prefix", "SIG-1", Reasons.SignatureMalformed, Passes, "Line 3 does not start with 'trusted comment: '",
            Disk(b => b.Single, (_, v) => EditLine(v, 2, line => line.Replace("trusted comment: ", "trusted-comment: ", StringComparison.Ordinal)))),
        Invalid("sig1-unknown-algorithm", "SIG-1", Reasons.SignatureMalformed, Passes, "The signature line's algorithm is 'EX', neither ED nor Ed",
            Disk(b => b.Single, (_, v) => SignatureText.EditBytes(v, 1, bytes => [(byte)'E', (byte)'X', .. bytes.AsSpan(2)]))),
        Invalid("sig1-signature-line-short", "SIG-1", Reasons.SignatureMalformed, Passes, "Line 2 is base64 of 73 bytes instead of 74",
            Disk(b => b.Single, (_, v) => SignatureText.EditBytes(v, 1, bytes => bytes[..^1]))),
        Invalid("sig1-global-signature-noncanonical", "SIG-1", Reasons.SignatureMalformed, Passes,
            "Line 4 decodes to the right 64 bytes but is not canonical base64 (non-zero padding bits)",
            Disk(b => b.Single, (_, v) => EditLine(v, 3, SignatureText.NonCanonical))),
        Invalid("sig2-legacy", "SIG-2", Reasons.LegacySignature, Passes,
            "A valid legacy 'Ed' signature (Ed25519 over manifest.json itself, not its BLAKE2b-512) by the site key",
            Disk(b => b.Single, (build, v) => SignLegacy(build, v))),
        Invalid("sig3-untrusted-key", "SIG-3", Reasons.UntrustedKey, Passes,
            "Signed by a key that is not trusted (its own id in keyId, the rest consistent)",
            build => ResignAsync(build, ConformanceKeys.Stranger)),
        Invalid("sig5-manifest-altered", "SIG-5", Reasons.SignatureInvalid, Passes,
            "manifest.json edited after signing (one artifact's justification upper-cased, same length)",
            Disk(b => b.Single, (_, v) =>
            {
                var path = v.PathOf(BatchFileNames.Manifest);
                var text = File.ReadAllText(path);
                var at = text.IndexOf("conformance vector", StringComparison.Ordinal);
                File.WriteAllText(path, string.Concat(text.AsSpan(0, at), "CONFORMANCE VECTOR", text.AsSpan(at + 18)));
            })),
        Invalid("sig5-signature-altered", "SIG-5", Reasons.SignatureInvalid, Passes, "One bit of the Ed25519 signature in line 2 flipped",
            Disk(b => b.Single, (_, v) => SignatureText.EditBytes(v, 1, bytes =>
            {
                bytes[20] ^= 0x01;
                return bytes;
            }))),
        Invalid("sig6-trusted-comment-altered", "SIG-6", Reasons.TrustedCommentInvalid, Passes,
            "The trusted comment edited after signing (sequence:1 became sequence:2); the manifest's own signature is intact",
            Disk(b => b.Single, (_, v) => EditLine(v, 2, line => line.Replace("sequence:1", "sequence:2", StringComparison.Ordinal)))),
    ];

    private static void EditLine(VolumeEdit volume, int line, Func<string, string> edit)
    {
        var lines = SignatureText.Lines(volume);
        lines[line] = edit(lines[line]);
        SignatureText.Write(volume, lines);
    }

    private static void Grow(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    private static async Task<string> ResignAsync(VectorBuild build, string key)
    {
        var volume = build.Copy(build.Bases.Single);
        volume.Manifest["keyId"] = build.Keys[key].PublicKey.KeyIdHex;
        await volume.CommitAsync(key: key, ct: build.CancellationToken);
        return volume.Directory;
    }

    private static void SignLegacy(VectorBuild build, VolumeEdit volume)
    {
        var manifest = File.ReadAllBytes(volume.PathOf(BatchFileNames.Manifest));
        var comment = volume.TrustedComment();
        using var key = build.Keys.Ed25519(ConformanceKeys.SiteA);
        var signature = key.Sign(manifest);
        var global = key.Sign([.. signature, .. Encoding.UTF8.GetBytes(comment)]);
        byte[] line2 = [(byte)'E', (byte)'d', .. build.Keys[ConformanceKeys.SiteA].PublicKey.KeyId, .. signature];
        SignatureText.Write(volume,
        [
            "untrusted comment: legacy signature from the conformance set's site key",
            Convert.ToBase64String(line2),
            "trusted comment: " + comment,
            Convert.ToBase64String(global),
        ]);
    }
}
