using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Conformance;

/// <summary>
/// The valid batches every other vector starts from, written by the product's own <see cref="BatchWriter"/> with a fixed
/// clock (created 2026-01-01, expiring 2099-01-01). Each volume is a valid vector itself.
/// </summary>
internal sealed class BaseVolumes
{
    public const string SiteId = "site-a";

    public static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Expires = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string> _volumes = new(StringComparer.Ordinal);

    /// <summary>Two images sharing a layer, a file, a chart and ClamAV data on one volume.</summary>
    public string Single => _volumes["single"];

    /// <summary>The first volume of a batch whose 96 KiB file is chunked across two volumes.</summary>
    public string TwoVolumesFirst => _volumes["two-volumes-1"];

    public string TwoVolumesSecond => _volumes["two-volumes-2"];

    /// <summary>A 40,000-byte file in three chunks (16 KiB chunk size), all on one volume.</summary>
    public string ChunkedOneVolume => _volumes["chunked"];

    /// <summary>Sequence 4: one layer of the app image is listed as shipped:false.</summary>
    public string Incremental => _volumes["incremental"];

    /// <summary>The tool image with a cosign signature attachment.</summary>
    public string Signed => _volumes["signed"];

    /// <summary>A file, signed with the key whose id starts with a zero nibble.</summary>
    public string LeadingZeroKey => _volumes["leading-zero"];

    /// <summary>A deb artifact: a package set and the two packages it lists.</summary>
    public string Debian => _volumes["debian"];

    /// <summary>An npm artifact: a package set and the two tarballs it lists.</summary>
    public string Npm => _volumes["npm"];

    /// <summary>A pypi artifact: a package set and the three files it lists.</summary>
    public string PyPI => _volumes["pypi"];
    /// <summary>A nuget artifact: a package set and the two packages it lists.</summary>
    public string NuGet => _volumes["nuget"];

    public async Task WriteAsync(string root, ContentStore store, FixtureArtifacts artifacts, ConformanceKeys keys, CancellationToken ct)
    {
        var siteKey = keys[ConformanceKeys.SiteA];
        await WriteAsync("single", [artifacts.App, artifacts.Tool, artifacts.Patch, artifacts.Chart, artifacts.ClamAv], 1);
        // 64 KiB usable room besides the metadata reserve: the 96 KiB file fills volume 1 and ends on volume 2.
        await WriteAsync("two-volumes", [artifacts.Big], 2, capacity: 128 * 1024);
        await WriteAsync("chunked", [artifacts.Medium], 3, chunkSize: 16 * 1024);
        await WriteAsync("incremental", [artifacts.App, artifacts.Tool], 4, present: new HashSet<string> { artifacts.AppSecondLayer });
        await WriteAsync("signed", [artifacts.SignedTool], 5);
        await WriteAsync("leading-zero", [artifacts.Patch], 6, key: ConformanceKeys.LeadingZero);
        await WriteAsync("debian", [artifacts.Debian], 7);
        await WriteAsync("npm", [artifacts.Npm], 8);
        await WriteAsync("pypi", [artifacts.PyPI], 9);
        await WriteAsync("nuget", [artifacts.NuGet], 10);

        async Task WriteAsync(string name, IReadOnlyList<BatchArtifactInput> batch, long sequence, long capacity = 1L << 30,
            long chunkSize = BatchWriteRequest.DefaultChunkSize, IReadOnlySet<string>? present = null, string? key = null)
        {
            var request = new BatchWriteRequest
            {
                BatchId = BatchIdentifiers.BatchIdFor(SiteId, sequence),
                SiteId = SiteId,
                Sequence = sequence,
                Validity = Expires - Created,
                Artifacts = batch,
                VolumeCapacity = capacity,
                ChunkSize = chunkSize,
                BlobsPresentOnHighSide = present ?? new HashSet<string>(),
            };
            var media = Path.Combine(root, "valid-" + name);
            var result = await new BatchWriter(store, new FixedClock(Created)).WriteAsync(
                request, key is null ? siteKey : keys[key], media, null, ct);
            if (result.VolumeDirectories.Count == 1)
            {
                _volumes[name] = result.VolumeDirectories[0];
                return;
            }

            for (var i = 0; i < result.VolumeDirectories.Count; i++)
            {
                _volumes[$"{name}-{i + 1}"] = result.VolumeDirectories[i];
            }
        }
    }
}
