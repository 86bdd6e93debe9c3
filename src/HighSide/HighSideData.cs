using System.Globalization;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide;

/// <summary>The places only the high side has in its data directory: quarantine and what is in it.</summary>
internal static class HighSideData
{
    public static string Quarantine(this DataDirectory data) => data.Combine("quarantine");

    /// <summary>Volumes being copied from media; anything here after a crash is discarded.</summary>
    public static string Incoming(this DataDirectory data) => data.Combine("quarantine", ".incoming");

    /// <summary>A batch's quarantine folder, named by its quarantine id.</summary>
    public static string BatchDirectory(this DataDirectory data, string quarantineId) => data.Combine("quarantine", quarantineId);

    public static string BatchVolumes(this DataDirectory data, string quarantineId) => data.Combine("quarantine", quarantineId, "volumes");

    /// <summary>One verified volume of a batch in quarantine.</summary>
    public static string BatchVolume(this DataDirectory data, string quarantineId, int number) =>
        data.Combine("quarantine", quarantineId, "volumes", number.ToString("D3", CultureInfo.InvariantCulture));

    /// <summary>
    /// The chunks of each verified volume, written straight into one file per chunked blob during the copy (JoinedParts): NNN/HEX.
    /// </summary>
    public static string BatchJoined(this DataDirectory data, string quarantineId) => data.Combine("quarantine", quarantineId, "joined");

    /// <summary>The batch's blobs, reassembled and checked against their digests.</summary>
    public static string BatchBlobs(this DataDirectory data, string quarantineId) => data.Combine("quarantine", quarantineId, "blobs");
}
