using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Artifacts of a write request for tests of the request itself, where what the artifact is does not matter.</summary>
internal static class TestArtifactInputs
{
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
