using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Hashing;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// SHA256SUMS must list exactly the volume's payload files, each once with the manifest's hash, sorted by path, one
/// <c>hex␠␠path␊</c> line each: then `sha256sum -c` run by hand checks the same files the signed manifest does. Its
/// bytes are fully determined by the manifest. The file has already been matched to the hash the manifest lists for it,
/// so when that is the hash of the lines the manifest implies, the file is right without being read again; otherwise
/// it is read to name the first line that differs.
/// </summary>
internal static class VolumeSumsCheck
{
    // hex, two spaces, a path of at most 180 characters; anything longer is not a line of this grammar.
    private const int MaxLineBytes = 64 + 2 + BatchPathRules.MaxPathLength;

    // files: the manifest's files, indexed on this volume.
    public static BatchVerificationResult? Run(
        string volumeDirectory, ManifestVolume volume, ManifestFileIndex files, long maxSumsBytes, CancellationToken cancellationToken)
    {
        var (implied, count) = ImpliedSha256(files, volume.Number);
        if (implied == volume.Sha256Sums)
        {
            return null;
        }

        using var file = Sha256Digest.OpenSequential(Path.Combine(volumeDirectory, BatchFileNames.Sums));
        using var hashing = new HashingReadStream(file, maxSumsBytes);
        var lines = new SumsLineReader(hashing, MaxLineBytes);
        try
        {
            using var expected = files.OnVolume(volume.Number).GetEnumerator();
            for (var i = 0; i <= count; i++)
            {
                var (line, terminated) = lines.Read(cancellationToken);
                var failure = i == count
                    ? line is null ? null : Fail($"line {i + 1} lists a file beyond the {count} files of volume {volume.Number}")
                    : Compare(i + 1, line, terminated, expected.MoveNext() ? expected.Current.File : throw new InvalidOperationException());
                if (failure is not null)
                {
                    return failure;
                }
            }

            // Hashed again as it was read: a device answering this read differently from the first is caught.
            return hashing.Finish() == volume.Sha256Sums
                ? null
                : BatchVerificationResult.Fail(HashMismatch, $"{BatchFileNames.Sums} changed while it was being read");
        }
        catch (InvalidDataException)
        {
            return BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.Sums} grew past the limit while being read");
        }
    }

    // The hash of the lines the volume's files imply, and how many there are.
    private static (string Sha256, int Lines) ImpliedSha256(ManifestFileIndex files, int volume)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new byte[MaxLineBytes + 1];
        var count = 0;
        foreach (var (file, _) in files.OnVolume(volume))
        {
            // Paths in a valid manifest are ASCII (BatchPathRules): one byte a character.
            var length = Encoding.ASCII.GetBytes($"{file.Sha256}  {file.Path}\n", line);
            sha256.AppendData(line, 0, length);
            count++;
        }

        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), count);
    }

    private static BatchVerificationResult? Compare(int number, byte[]? line, bool terminated, ManifestFile file)
    {
        if (line is null)
        {
            return Fail($"it ends after {number - 1} lines; '{file.Path}' is not listed");
        }

        var text = Encoding.Latin1.GetString(line);
        var want = $"{file.Sha256}  {file.Path}";
        if (text == want)
        {
            return terminated ? null : Fail($"line {number} does not end in a line feed");
        }

        if (text.Length == 0)
        {
            return Fail($"line {number} is blank");
        }

        if (text == want + "\r")
        {
            return Fail($"line {number} ends in CR LF; lines end in a line feed alone");
        }

        var path = text.Length > 66 && text[64] == ' ' && text[65] == ' ' ? text[66..] : null;
        return path switch
        {
            null => Fail($"line {number} is not '<sha256 hex>  <path>': '{DisplayText.Printable(text)}'"),
            _ when path == file.Path => Fail($"line {number} gives '{file.Path}' another sha256 than the manifest"),
            _ when string.CompareOrdinal(path, file.Path) < 0 =>
                Fail($"line {number} lists '{DisplayText.Printable(path)}', which is not a file of this volume or is out of order"),
            _ => Fail($"line {number} should list '{file.Path}', which it leaves out or lists out of order"),
        };
    }

    private static BatchVerificationResult Fail(string problem) =>
        BatchVerificationResult.Fail(SumsMismatch, $"{BatchFileNames.Sums} does not match the manifest: {problem}");
}
