using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Artifacts of a write request for tests of the request itself, where what the artifact is does not matter.</summary>
internal static class TestArtifactInputs
{
    /// <summary>The sha256 digest of the number <paramref name="n"/>: a blob of its own for each number.</summary>
    public static string DigestOf(int n) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(n)));

    /// <summary>A file artifact of these blobs, the first as its root.</summary>
    public static BatchArtifactInput File(IReadOnlyList<BlobInput> blobs) => new()
    {
        Kind = ArtifactKinds.File,
        Source = "http://127.0.0.1/f",
        Digest = blobs[0].Digest,
        Name = "f",
        Requester = "alice",
        RequestId = "r",
        Justification = "test",
        Blobs = blobs,
    };
}
