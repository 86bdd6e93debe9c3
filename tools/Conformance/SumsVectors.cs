using TransferPipeline.Shared.Batches;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>VID and SUMS: SHA256SUMS as a file, as the volume's identity, and its lines.</summary>
internal static class SumsVectors
{
    private const long MaxSumsBytes = 256L * 1024 * 1024;

    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("vid1-no-sums", "VID-1", Reasons.MissingFile, Passes, "SHA256SUMS is absent",
            Disk(b => b.Single, (_, v) => File.Delete(v.PathOf(BatchFileNames.Sums)))),
        Invalid("vid1-sums-symlink", "VID-1", Reasons.UnsafeFileType, Passes, "SHA256SUMS is a symbolic link to the real one beside the volume",
            Disk(b => b.Single, (build, v) => FileSystemFaults.Symlink(build, v, BatchFileNames.Sums, "SHA256SUMS.target"))),
        Invalid("vid1-sums-directory", "VID-1", Reasons.UnsafeFileType, Passes, "SHA256SUMS is a directory",
            Disk(b => b.Single, (_, v) => FileSystemFaults.Directory(v, BatchFileNames.Sums))),
        Invalid("vid1-sums-fifo", "VID-1", Reasons.UnsafeFileType, Passes, "SHA256SUMS is a FIFO",
            Disk(b => b.Single, (_, v) => FileSystemFaults.Fifo(v, BatchFileNames.Sums))),
        Invalid("vid1-sums-too-large", "VID-1", Reasons.LimitExceeded, Passes,
            "SHA256SUMS grown to 256 MiB + 1 byte (sparse NUL bytes), its hash in the manifest, signed",
            Custom(b => b.Single, async (build, v) =>
            {
                await using (var stream = new FileStream(v.PathOf(BatchFileNames.Sums), FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(MaxSumsBytes + 1);
                }

                await v.CommitAsync(rewriteSums: false, ct: build.CancellationToken);
            })),
        Invalid("vid2-sums-altered", "VID-2", Reasons.HashMismatch, Passes, "One hex digit of SHA256SUMS changed; the manifest as written",
            Disk(b => b.Single, (_, v) =>
            {
                var text = File.ReadAllText(v.PathOf(BatchFileNames.Sums));
                File.WriteAllText(v.PathOf(BatchFileNames.Sums), (text[0] == '0' ? "1" : "0") + text[1..]);
            })),
        Invalid("vid2-sums-of-other-batch", "VID-2", Reasons.HashMismatch, Passes,
            "SHA256SUMS of another batch's volume (the chunked one) in place of this volume's",
            Disk(b => b.Single, (build, v) =>
                File.Copy(Path.Combine(build.Bases.ChunkedOneVolume, BatchFileNames.Sums), v.PathOf(BatchFileNames.Sums), overwrite: true))),
        Sums("sums1-crlf", "SUMS-1", "Lines end in CR LF", (lines, _) => lines.Select(l => l + "\r")),
        Sums("sums1-one-space", "SUMS-1", "One space between hash and path", (lines, _) => lines.Select(l => l.Replace("  ", " ", StringComparison.Ordinal))),
        Sums("sums1-binary-marker", "SUMS-1", "coreutils' binary marker: hash, space, '*', path",
            (lines, _) => lines.Select(l => l.Replace("  ", " *", StringComparison.Ordinal))),
        Sums("sums1-uppercase-hex", "SUMS-1", "Hashes in uppercase hex", (lines, _) => lines.Select(l => l[..64].ToUpperInvariant() + l[64..])),
        Sums("sums1-no-final-newline", "SUMS-1", "The last line does not end in LF", (lines, _) => lines, final: ""),
        Sums("sums1-blank-line", "SUMS-1", "A blank line at the end", (lines, _) => [.. lines, ""]),
        Sums("sums1-comment-line", "SUMS-1", "A first line '# sums' (not a sums line)", (lines, _) => ["# sums", .. lines]),
        Sums("sums2-line-missing", "SUMS-2", "The line of the file blob is missing",
            (lines, patch) => lines.Where(l => !l.EndsWith(patch, StringComparison.Ordinal))),
        Sums("sums2-extra-line", "SUMS-2", "A line for notes.txt, which is neither listed nor on the volume",
            (lines, _) => [.. lines, new string('f', 64) + "  notes.txt"]),
        Sums("sums2-unsorted", "SUMS-2", "Lines in reverse order", (lines, _) => lines.Reverse()),
        Sums("sums2-line-twice", "SUMS-2", "The first line twice", (lines, _) => [lines.First(), .. lines]),
        Sums("sums2-wrong-hash", "SUMS-2", "The file blob's line carries the hash of the chart's line",
            (lines, patch) =>
            {
                var list = lines.ToList();
                var chart = list.First(l => !l.EndsWith(patch, StringComparison.Ordinal) && l.Contains("blobs/", StringComparison.Ordinal));
                return list.Select(l => l.EndsWith(patch, StringComparison.Ordinal) ? chart[..64] + l[64..] : l);
            }),
    ];

    /// <summary>SHA256SUMS rewritten by <paramref name="edit"/> (lines without LF), its hash in the manifest, signed.</summary>
    private static VectorDefinition Sums(string id, string rule, string description, Func<IEnumerable<string>, string, IEnumerable<string>> edit,
        string final = "\n") =>
        Invalid(id, rule, Reasons.SumsMismatch, Passes, description + "; the manifest lists the edited file's hash, signed",
            Custom(b => b.Single, async (build, v) =>
            {
                var patch = BatchFileNames.DigestHex(StructureVectors.PatchBlob(v).Digest);
                var lines = (await File.ReadAllTextAsync(v.PathOf(BatchFileNames.Sums), build.CancellationToken)).TrimEnd('\n').Split('\n');
                await File.WriteAllTextAsync(v.PathOf(BatchFileNames.Sums), string.Join('\n', edit(lines, patch)) + final, build.CancellationToken);
                await v.CommitAsync(rewriteSums: false, ct: build.CancellationToken);
            }));
}
