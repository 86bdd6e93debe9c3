using System.Globalization;

namespace TransferPipeline.Shared.Batches;

/// <summary>The fixed names inside a volume.</summary>
public static class BatchFileNames
{
    public const string Manifest = "manifest.json";
    public const string Signature = "manifest.json.minisig";
    public const string Sums = "SHA256SUMS";
    public const string OciLayout = "oci-layout";
    public const string OciIndex = "index.json";

    /// <summary>Files every volume has that the manifest does not list as payload.</summary>
    public static bool IsControlFile(string relativePath) =>
        relativePath is Manifest or Signature or Sums;

    /// <summary>Path of a whole blob: the OCI image layout's own location.</summary>
    public static string BlobPath(string digest) => HashNames.BlobPathPrefix + DigestHex(digest);

    /// <summary>Path of one chunk of a large blob.</summary>
    public static string ChunkPath(string digest, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"chunks/{DigestHex(digest)}/{index:D4}");

    /// <summary>Directory name of a volume.</summary>
    public static string VolumeName(string batchId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{batchId}-v{number:D3}");

    public static string DigestHex(string digest) =>
        digest.StartsWith(HashNames.DigestPrefix, StringComparison.Ordinal) ? digest[HashNames.DigestPrefix.Length..] : digest;
}
