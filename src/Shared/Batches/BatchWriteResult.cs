namespace TransferPipeline.Shared.Batches;

/// <summary>What the writer produced. Disposing it removes the table of the hashes read back.</summary>
public sealed class BatchWriteResult(string manifestSha256, IReadOnlyList<string> volumeDirectories, long payloadBytes, PayloadReadBack readBack)
    : IDisposable
{
    private BatchManifest? _manifest;

    public string ManifestSha256 { get; } = manifestSha256;

    public IReadOnlyList<string> VolumeDirectories { get; } = volumeDirectories;

    public long PayloadBytes { get; } = payloadBytes;

    /// <summary>Each payload file's hash as read back from the media while the batch was written.</summary>
    public PayloadReadBack ReadBack { get; } = readBack;

    /// <summary>
    /// The manifest as written, parsed from the first volume when first asked for: the writer streams
    /// it to the media and keeps none of it in memory, so a caller that needs only the hash pays nothing.
    /// </summary>
    public BatchManifest Manifest => _manifest ??= ReadManifest(Path.Combine(VolumeDirectories[0], BatchFileNames.Manifest));

    public void Dispose() => ReadBack.Dispose();

    private static BatchManifest ReadManifest(string path)
    {
        using var json = File.OpenRead(path);
        return ManifestReader.Parse(json, CancellationToken.None);
    }
}
