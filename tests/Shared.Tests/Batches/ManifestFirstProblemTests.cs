using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// With two faults in a manifest's files or blobs, the one listed first is reported, as when each entry was checked in turn:
/// repeats and name collisions are found from sorted indexes after the entries' own values, and must not jump the queue.
/// </summary>
[TestFixture]
internal sealed class ManifestFirstProblemTests
{
    private string _written = null!;

    [OneTimeSetUp]
    public async Task WriteBatchAsync()
    {
        using var scenario = new BatchScenario();
        var files = new List<BatchArtifactInput>();
        for (var i = 0; i < 4; i++)
        {
            files.Add(await SampleArtifacts.AddFileAsync(scenario.Store, $"file{i}.bin", 100 + i, seed: i + 1));
        }

        var result = await scenario.WriteAsync(files);
        _written = await File.ReadAllTextAsync(Path.Combine(result.VolumeDirectories.Single(), BatchFileNames.Manifest));
    }

    [Test]
    public void Validate_CollisionListedBeforeAnUnsafePath_NameCollision()
    {
        var (code, message) = Validate(m =>
        {
            var files = Files(m);
            var original = (string)files[0]!["path"]!;
            files[^1]!["path"] = "with space";
            files.Insert(1, WithPath(files[0]!, original.ToUpperInvariant()));
        });

        Assert.That(code, Is.EqualTo(NameCollision.ToCode()));
        Assert.That(message, Does.Contain("collides with").And.Contain("on volume 1 when case is ignored"));
    }

    [Test]
    public void Validate_UnsafePathListedBeforeACollision_UnsafePath()
    {
        var (code, _) = Validate(m =>
        {
            var files = Files(m);
            files.Add(WithPath(files[1]!, ((string)files[1]!["path"]!).ToUpperInvariant()));
            files[0]!["path"] = "with space";
        });

        Assert.That(code, Is.EqualTo(UnsafePath.ToCode()));
    }

    [Test]
    public void Validate_RepeatListedBeforeACollision_DuplicateEntry()
    {
        var (code, message) = Validate(m =>
        {
            var files = Files(m);
            files.Add(WithPath(files[2]!, ((string)files[2]!["path"]!).ToUpperInvariant()));
            files.Insert(1, files[0]!.DeepClone());
        });

        Assert.That(code, Is.EqualTo(DuplicateEntry.ToCode()));
        Assert.That(message, Does.Contain("is listed twice on volume 1"));
    }

    [Test]
    public void Validate_CollisionListedBeforeARepeat_NameCollision()
    {
        var (code, _) = Validate(m =>
        {
            var files = Files(m);
            files.Add(files[2]!.DeepClone());
            files.Insert(1, WithPath(files[0]!, ((string)files[0]!["path"]!).ToUpperInvariant()));
        });

        Assert.That(code, Is.EqualTo(NameCollision.ToCode()));
    }

    [Test]
    public void Validate_BlobPathWithItsHexInUpperCase_CollidesWithTheBlobsFile()
    {
        string? lower = null;
        var (code, message) = Validate(m =>
        {
            var files = Files(m);
            var blobFile = files.First(f => ((string)f!["path"]!).StartsWith("blobs/sha256/", StringComparison.Ordinal))!;
            lower = (string)blobFile["path"]!;
            files.Add(WithPath(blobFile, "blobs/sha256/" + lower["blobs/sha256/".Length..].ToUpperInvariant()));
        });

        Assert.That(code, Is.EqualTo(NameCollision.ToCode()));
        Assert.That(message, Does.Contain($"collides with '{lower}' on volume 1"));
    }

    [Test]
    public void Validate_DirectoryInOtherCase_NamesTheDirectoryAndItsFirstClaimant()
    {
        var (code, message) = Validate(m =>
        {
            var files = Files(m);
            files.Add(WithPath(files[0]!, "BLOBS/sha256/extra"));
        });

        Assert.That(code, Is.EqualTo(NameCollision.ToCode()));
        Assert.That(message, Does.Contain("'BLOBS' collides with 'blobs' on volume 1"));
    }

    [Test]
    public void Validate_SameDirectoriesReachedByManyFiles_IsValid()
    {
        var (code, message) = Validate(_ => { });

        Assert.That(code, Is.Null, message);
    }

    [Test]
    public void Validate_RepeatedBlobListedBeforeAMalformedDigest_DuplicateEntry()
    {
        var (code, message) = Validate(m =>
        {
            var blobs = Blobs(m);
            blobs[^1]!["digest"] = "sha256:xyz";
            blobs.Insert(1, blobs[0]!.DeepClone());
        });

        Assert.That(code, Is.EqualTo(DuplicateEntry.ToCode()));
        Assert.That(message, Does.Contain("is listed twice"));
    }

    [Test]
    public void Validate_MalformedDigestListedBeforeARepeatedBlob_ManifestInvalid()
    {
        var (code, message) = Validate(m =>
        {
            var blobs = Blobs(m);
            blobs.Add(blobs[1]!.DeepClone());
            blobs[0]!["digest"] = "sha256:xyz";
        });

        Assert.That(code, Is.EqualTo(ManifestInvalid.ToCode()));
        Assert.That(message, Does.Contain("is not sha256:<64 hex digits>"));
    }

    [Test]
    public void Validate_OversizedBlobListedBeforeARepeatedBlob_LimitExceeded()
    {
        var (code, _) = Validate(m =>
        {
            var blobs = Blobs(m);
            blobs.Add(blobs[1]!.DeepClone());
            blobs[0]!["size"] = (1L << 40) + 1;
        });

        Assert.That(code, Is.EqualTo(LimitExceeded.ToCode()));
    }

    private (string? Code, string? Message) Validate(Action<JsonObject> edit)
    {
        var manifest = JsonNode.Parse(_written)!.AsObject();
        edit(manifest);
        var parsed = ManifestReader.Parse(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        return ManifestRules.FindFirstProblem(parsed, BatchLimits.Default) is { } problem ? (problem.Reason.ToCode(), problem.Message) : (null, null);
    }

    private static JsonArray Files(JsonObject manifest) => manifest["files"]!.AsArray();

    private static JsonArray Blobs(JsonObject manifest) => manifest["blobs"]!.AsArray();

    private static JsonNode WithPath(JsonNode file, string path)
    {
        var copy = file.DeepClone();
        copy["path"] = path;
        return copy;
    }
}
