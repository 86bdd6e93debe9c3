using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// Every tampering of ../shared/THREATS.md with one volume's signed manifest (signature, keys, trusted
/// comment, content, limits), each asserting its reason code.
/// </summary>
[TestFixture]
internal sealed class VolumeVerifierManifestTests : SimpleVolumeTests
{
    [TestCase(BatchFileNames.Manifest, "needed for tests", "needed for tests!", SignatureInvalid,
        TestName = "Verify_ManifestEditedAfterSigning_SignatureInvalid")]
    [TestCase(BatchFileNames.Signature, "sequence:1", "sequence:9", TrustedCommentInvalid,
        TestName = "Verify_TrustedCommentEdited_TrustedCommentInvalid")]
    public async Task Verify_SignedTextEdited_Refused(string fileName, string text, string edited, BatchRejectionReason expected)
    {
        var path = Path.Combine(Volume, fileName);
        var content = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, content.Replace(text, edited, StringComparison.Ordinal));

        await AssertRejectedAsync(expected);
    }

    [Test]
    public async Task Verify_SignedByUntrustedKey_UntrustedKey()
    {
        using var stranger = MinisignSecretKey.Generate();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.Manifest));
        await Scenario.SignAsync(Volume, bytes, BatchTrustedComment.For("site-a-000001", "site-a", 1), stranger);

        await AssertRejectedAsync(UntrustedKey);
    }

    [TestCase("site-a", true, KeyRevoked, TestName = "Verify_RevokedKey_KeyRevoked")]
    [TestCase("site-b", false, KeyNotTrustedForSite, TestName = "Verify_KeyTrustedForAnotherSite_KeyNotTrustedForSite")]
    public async Task Verify_SigningKeyNotTrustedHere_Refused(string site, bool revoked, BatchRejectionReason expected)
    {
        await AssertRejectedAsync(expected, trusted: [new TrustedSigningKey(Scenario.Key.PublicKey, site, Revoked: revoked)]);
    }

    [TestCase("transferpipeline-batch batch:site-a-000002 site:site-a sequence:1", TestName = "Verify_TrustedCommentNamesOtherBatch_TrustedCommentMismatch")]
    [TestCase("transferpipeline-batch batch:site-a-000001 site:site-b sequence:1", TestName = "Verify_TrustedCommentNamesOtherSite_TrustedCommentMismatch")]
    [TestCase("transferpipeline-batch batch:site-a-000001 site:site-a sequence:7", TestName = "Verify_TrustedCommentNamesOtherSequence_TrustedCommentMismatch")]
    public async Task Verify_ValidSignatureWithForeignTrustedComment_TrustedCommentMismatch(string comment)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.Manifest));
        await Scenario.SignAsync(Volume, bytes, comment);

        await AssertRejectedAsync(TrustedCommentMismatch);
    }

    [Test]
    public async Task Verify_LegacyWholeFileSignature_LegacySignature()
    {
        // Signed by the stock tool in its legacy mode (-l): Ed25519 over the whole file, not its BLAKE2b.
        var minisign = ProcessRunner.Require("minisign");
        var keys = Scenario.Root;
        var generated = await ProcessRunner.RunAsync(minisign, ["-G", "-W", "-p", Path.Combine(keys, "legacy.pub"), "-s", Path.Combine(keys, "legacy.key")]);
        Assert.That(generated.ExitCode, Is.Zero, generated.Combined);
        var signed = await ProcessRunner.RunAsync(minisign, ["-S", "-l", "-s", Path.Combine(keys, "legacy.key"),
            "-m", Path.Combine(Volume, BatchFileNames.Manifest), "-t", BatchTrustedComment.For("site-a-000001", "site-a", 1)]);
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);
        var legacyKey = MinisignPublicKey.Load(Path.Combine(keys, "legacy.pub"));

        await AssertRejectedAsync(LegacySignature, trusted: [new TrustedSigningKey(legacyKey, "site-a")]);
    }

    [Test]
    public async Task Verify_Expired_Expired()
    {
        Scenario.Clock.Advance(TimeSpan.FromDays(15));
        await AssertRejectedAsync(Expired);
    }

    [Test]
    public async Task Verify_FutureFormatVersion_UnsupportedFormatVersion()
    {
        await Scenario.ResignManifestAsync(Volume, m => m["formatVersion"] = 2);
        await AssertRejectedAsync(UnsupportedFormatVersion);
    }

    [Test]
    public async Task Verify_FutureFormatVersionWithUnknownProperties_UnsupportedFormatVersion()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            m["formatVersion"] = 2;
            m["compression"] = "zstd";
        });
        await AssertRejectedAsync(UnsupportedFormatVersion);
    }

    [Test]
    public async Task Verify_NotJson_ManifestMalformed()
    {
        var path = Path.Combine(Volume, BatchFileNames.Manifest);
        await File.WriteAllTextAsync(path, "{\"formatVersion\":1, nope");
        await Scenario.SignAsync(Volume, await File.ReadAllBytesAsync(path), BatchTrustedComment.For("site-a-000001", "site-a", 1));
        await AssertRejectedAsync(ManifestMalformed);
    }

    [TestCase("../escape.bin")]
    [TestCase("/etc/passwd")]
    [TestCase("blobs/../../x")]
    [TestCase("C:\\windows\\x")]
    [TestCase("\\\\host\\share\\x")]
    [TestCase("a\0b")]
    [TestCase("line\nbreak")]
    [TestCase("carriage\rreturn")]
    [TestCase("bell\u0007")]
    [TestCase("50%off")]
    [TestCase("back\\slash")]
    [TestCase("CON")]
    [TestCase("blobs/nul.txt")]
    [TestCase("trailing.")]
    [TestCase("caf\u00e9")]
    [TestCase("with space")]
    public async Task Verify_HostileFileName_UnsafePath(string hostile)
    {
        await Scenario.ResignManifestAsync(Volume, m => m["files"]!.AsArray()[0]!["path"] = hostile);
        await AssertRejectedAsync(UnsafePath);
    }

    [TestCase("files", TestName = "Verify_DuplicateFileEntry_DuplicateEntry")]
    [TestCase("blobs", TestName = "Verify_DuplicateBlobEntry_DuplicateEntry")]
    public async Task Verify_EntryListedTwice_DuplicateEntry(string list)
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var entries = m[list]!.AsArray();
            entries.Add(entries[0]!.DeepClone());
        });
        await AssertRejectedAsync(DuplicateEntry);
    }

    [Test]
    public async Task Verify_NamesEqualIgnoringCase_NameCollision()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var files = m["files"]!.AsArray();
            var copy = files[0]!.DeepClone();
            copy["path"] = ((string)files[0]!["path"]!).ToUpperInvariant();
            files.Add(copy);
        });
        await AssertRejectedAsync(NameCollision);
    }

    [TestCase("BLOBS/sha256/extra", TestName = "Verify_DirectoryNamesEqualIgnoringCase_NameCollision")]
    [TestCase("blobs", TestName = "Verify_FileNamedLikeADirectory_NameCollision")]
    [TestCase("Index.JSON", TestName = "Verify_LayoutFileNameInOtherCase_NameCollision")]
    public async Task Verify_CollidingName_NameCollision(string path)
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var files = m["files"]!.AsArray();
            var copy = files[0]!.DeepClone();
            copy["path"] = path;
            files.Add(copy);
        });
        await AssertRejectedAsync(NameCollision);
    }

    [Test]
    public async Task Verify_DeclaredSizeOverLimit_LimitExceeded()
    {
        await AssertRejectedAsync(LimitExceeded, limits: BatchLimits.Default with { MaxFileBytes = 1000 });
    }

    [Test]
    public async Task Verify_TooManyFiles_LimitExceeded()
    {
        await AssertRejectedAsync(LimitExceeded, limits: BatchLimits.Default with { MaxFiles = 2 });
    }

    [Test]
    public async Task Verify_SignerFloodsTheArtifactsWithText_LimitExceeded()
    {
        // A compromised signer copies the file artifact 8,200 times, each with a justification of 4096 characters: every
        // field within ART-4 and the manifest (about 34 MB) within VOL-5, but 33.6 million characters a verifier would hold.
        var justification = new string('x', 4096);
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var artifacts = m["artifacts"]!.AsArray();
            var file = artifacts.Single(a => (string?)a!["kind"] == "file")!;
            for (var i = 0; i < 8200; i++)
            {
                var copy = file.DeepClone();
                copy["requestId"] = $"flood-{i}";
                copy["justification"] = justification;
                artifacts.Add(copy);
            }
        });

        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.Reason, Is.EqualTo(LimitExceeded), result.Message);
        Assert.That(result.Message, Does.Contain("ART-18"));
    }

    [Test]
    public async Task Verify_ArtifactTextExactlyAtTheLimit_ValidAndOneCharacterLessRefused()
    {
        // Counted here from the JSON itself: every string of every artifact and attachment, the blobs lists left out.
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.Manifest)))!;
        static long Strings(JsonNode? node, string? name) => node switch
        {
            JsonObject o => o.Sum(p => Strings(p.Value, p.Key)),
            JsonArray a when name != "blobs" => a.Sum(e => Strings(e, null)),
            JsonValue v when v.TryGetValue<string>(out var text) => text.Length,
            _ => 0,
        };
        var text = Strings(manifest["artifacts"], null);
        Assert.That(text, Is.GreaterThan(300), "the volume's artifacts hold their texts");

        var atLimit = await Scenario.VerifyAsync(Volume, BatchLimits.Default with { MaxArtifactTextLength = text });
        Assert.That(atLimit.IsValid, Is.True, atLimit.Message);
        await AssertRejectedAsync(LimitExceeded, limits: BatchLimits.Default with { MaxArtifactTextLength = text - 1 });
    }

    [Test]
    public async Task Verify_AbsurdSequence_LimitExceeded()
    {
        await Scenario.ResignManifestAsync(Volume, m => m["sequence"] = long.MaxValue);
        await AssertRejectedAsync(LimitExceeded);
    }

    [TestCase("site-b-000001", TestName = "Verify_BatchIdNamesAnotherSite_BatchIdMismatch")]
    [TestCase("site-a-000002", TestName = "Verify_BatchIdNamesAnotherSequence_BatchIdMismatch")]
    [TestCase("site-a-1", TestName = "Verify_BatchIdSequenceNotSixDigits_BatchIdMismatch")]
    public async Task Verify_BatchIdNotItsSiteAndSequence_BatchIdMismatch(string batchId)
    {
        // Signed by the site's own key with a trusted comment naming exactly this manifest: only the name is borrowed.
        await Scenario.ResignManifestAsync(Volume, m => m["batchId"] = batchId);

        await AssertRejectedAsync(BatchIdMismatch);
    }

    [Test]
    public async Task Verify_SequencePastSixDigits_ItsLongerIdIsAccepted()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            m["sequence"] = 1_234_567L;
            m["batchId"] = "site-a-1234567";
        });

        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.IsValid, Is.True, result.Message);
    }

    [Test]
    public async Task Verify_UnknownManifestProperty_ManifestMalformed()
    {
        await Scenario.ResignManifestAsync(Volume, m => m["extra"] = "smuggled");
        await AssertRejectedAsync(ManifestMalformed);
    }
}
