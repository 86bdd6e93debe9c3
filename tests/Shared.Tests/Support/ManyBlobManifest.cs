using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A manifest of many tiny blobs, each shipped whole in its own file, all listed by one artifact (not signed or valid as a batch).</summary>
internal static class ManyBlobManifest
{
    public static BatchManifest Of(int count)
    {
        var hexes = Enumerable.Range(0, count).Select(i => Hash(i.ToString(CultureInfo.InvariantCulture))).ToList();
        return new BatchManifest
        {
            FormatVersion = 1,
            BatchId = "b",
            SiteId = "s",
            Sequence = 1,
            CreatedUtc = DateTimeOffset.UnixEpoch,
            ExpiresUtc = DateTimeOffset.UnixEpoch,
            KeyId = "1",
            ChunkSize = 1024,
            Volumes = [new ManifestVolume { Number = 1, Name = "b-v001", Sha256Sums = Hash("a"), FileCount = count, Bytes = count }],
            Artifacts =
            [
                new ManifestArtifact
                {
                    Kind = "file", Source = "s", Digest = "sha256:" + hexes[0], Name = "n", Requester = "r", RequestId = "q",
                    Justification = "j", Blobs = [.. hexes.Select(h => "sha256:" + h)],
                },
            ],
            Blobs = [.. hexes.Select(h => new ManifestBlob { Digest = "sha256:" + h, Size = 1, Shipped = true, Volume = 1, Path = "blobs/sha256/" + h })],
            Files = [.. hexes.Select(h => new ManifestFile { Volume = 1, Path = "blobs/sha256/" + h, Size = 1, Sha256 = h })],
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
