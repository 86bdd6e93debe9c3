using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The rules docs/batch-format.md specifies where the verifier used to be looser than the document (SHA256SUMS,
/// the OCI layout, joined chunks, artifact blob lists, per-volume totals, times, key ids). Each test makes one
/// fault the way a faulty or hostile writer would, signing again with the site key, and asserts its reason code.
/// </summary>
[TestFixture]
internal sealed class BatchFormatRulesTests : SimpleVolumeTests
{
    [TestCase("oci-layout", TestName = "Verify_SumsLeavingOutOciLayout_SumsMismatch")]
    [TestCase("index.json", TestName = "Verify_SumsLeavingOutIndexJson_SumsMismatch")]
    public async Task Verify_SumsLeavingOutALayoutFile_SumsMismatch(string name)
    {
        await Scenario.RewriteSumsAsync(Volume, text => string.Concat(SplitLines(text).Where(l => !l.EndsWith("  " + name + "\n", StringComparison.Ordinal))));

        await AssertRejectedAsync(SumsMismatch);
    }

    [TestCase("crlf", TestName = "Verify_SumsWithCrLfLineEnds_SumsMismatch")]
    [TestCase("blank", TestName = "Verify_SumsWithBlankLine_SumsMismatch")]
    [TestCase("unsorted", TestName = "Verify_SumsOutOfPathOrder_SumsMismatch")]
    [TestCase("binary-mode", TestName = "Verify_SumsInBinaryModeGrammar_SumsMismatch")]
    [TestCase("no-final-lf", TestName = "Verify_SumsWithoutFinalLineFeed_SumsMismatch")]
    [TestCase("extra", TestName = "Verify_SumsListingAFileNotInTheManifest_SumsMismatch")]
    [TestCase("other-hash", TestName = "Verify_SumsGivingAnotherHash_SumsMismatch")]
    [TestCase("uppercase", TestName = "Verify_SumsWithUppercaseHex_SumsMismatch")]
    public async Task Verify_SumsBreakingItsGrammar_SumsMismatch(string fault)
    {
        await Scenario.RewriteSumsAsync(Volume, text =>
        {
            var lines = SplitLines(text);
            return fault switch
            {
                "crlf" => text.Replace("\n", "\r\n", StringComparison.Ordinal),
                "blank" => string.Concat(lines.Take(1)) + "\n" + string.Concat(lines.Skip(1)),
                "unsorted" => string.Concat(lines.AsEnumerable().Reverse()),
                "binary-mode" => string.Concat(lines.Select(l => l[..64] + " *" + l[66..])),
                "no-final-lf" => text[..^1],
                "extra" => text + new string('0', 64) + "  zz-extra.bin\n",
                "other-hash" => new string('0', 64) + text[64..],
                "uppercase" => text.ToUpperInvariant().Replace("  BLOBS/SHA256/", "  blobs/sha256/", StringComparison.Ordinal)
                    .Replace("  INDEX.JSON", "  index.json", StringComparison.Ordinal).Replace("  OCI-LAYOUT", "  oci-layout", StringComparison.Ordinal),
                _ => throw new ArgumentOutOfRangeException(nameof(fault)),
            };
        });

        await AssertRejectedAsync(SumsMismatch);
    }

    [Test]
    public async Task Verify_SumsLargerThanTheLimit_LimitExceeded()
    {
        await AssertRejectedAsync(LimitExceeded, limits: BatchLimits.Default with { MaxSumsBytes = 100 });
    }

    [Test]
    public async Task Verify_ChunksOnOneVolumeSwappedWithTheirHashes_ValidForTheVolumeAsEachChunkMatches()
    {
        // CON-2 is checked where chunks are joined (the writer, the high side's assembly), not by a volume verifier: every
        // chunk is what the signed manifest lists. HostileVolumeImportTests holds the import to refusing it.
        Volume = await Scenario.WriteSwappedChunksAsync(Path.Combine(Scenario.Root, "chunked"));

        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.IsValid, Is.True, result.Message);
    }

    [Test]
    public async Task Verify_ChunksOnOneVolume_IsValidAndCountsEveryByte()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.iso", 2_500_000, seed: 32);
        Volume = (await Scenario.WriteAsync([file], chunkSize: 1_000_000, mediaDirectory: Path.Combine(Scenario.Root, "chunked")))
            .VolumeDirectories.Single();

        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.IsValid, Is.True, result.Message);
        Assert.That(result.BytesVerified, Is.GreaterThan(2_500_000));
    }

    [Test]
    public async Task Verify_ArtifactBlobsNotStartingWithItsOwnDigest_ManifestInvalid()
    {
        await Scenario.ResignManifestAsync(Volume, manifest =>
        {
            var blobs = Image(manifest)["blobs"]!.AsArray();
            var first = blobs[0]!.DeepClone();
            blobs.RemoveAt(0);
            blobs.Add(first);
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_ArtifactListingABlobTwice_DuplicateEntry()
    {
        await Scenario.ResignManifestAsync(Volume, manifest =>
        {
            var blobs = Image(manifest)["blobs"]!.AsArray();
            blobs.Add(blobs[^1]!.DeepClone());
        });

        await AssertRejectedAsync(DuplicateEntry);
    }

    [Test]
    public async Task Verify_BlobNeededByNoArtifact_ManifestInvalid()
    {
        await Scenario.ResignManifestAsync(Volume, manifest => manifest["blobs"]!.AsArray().Add(new JsonObject
        {
            ["digest"] = "sha256:" + new string('7', 64),
            ["size"] = 10,
            ["shipped"] = false,
        }));

        await AssertRejectedAsync(ManifestInvalid);
    }

    [TestCase("image", "layoutTag", null, TestName = "Verify_ImageWithoutLayoutTag_ManifestInvalid")]
    [TestCase("image", "mediaType", null, TestName = "Verify_ImageWithoutMediaType_ManifestInvalid")]
    [TestCase("file", "layoutTag", "patch.bin", TestName = "Verify_FileWithLayoutTag_ManifestInvalid")]
    public async Task Verify_LayoutPropertiesNotAsTheKindRequires_ManifestInvalid(string kind, string property, string? value)
    {
        await Scenario.ResignManifestAsync(Volume, manifest =>
        {
            var artifact = manifest["artifacts"]!.AsArray().Single(a => (string)a!["kind"]! == kind)!.AsObject();
            artifact.Remove(property);
            if (value is not null)
            {
                artifact[property] = value;
            }
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [TestCase("report\u202Efdp.exe", TestName = "Verify_FileNameWithARightToLeftOverride_ManifestInvalid")]
    [TestCase("tools\\patch.bin", TestName = "Verify_FileNameWithABackslash_ManifestInvalid")]
    [TestCase("aux.tar.gz", TestName = "Verify_FileNamedAfterAWindowsDevice_ManifestInvalid")]
    [TestCase("patch\u200B.bin", TestName = "Verify_FileNameWithAZeroWidthSpace_ManifestInvalid")]
    [TestCase(null, TestName = "Verify_FileNameOver255BytesOfUtf8_ManifestInvalid")]
    public async Task Verify_FileNameNoMirrorClientHoldsAsItReads_ManifestInvalid(string? name)
    {
        // A stolen site key signs a batch whose file reads as a PDF on the officer's screen and is an executable, or that a
        // client of the mirror cannot save (ART-21).
        await Scenario.ResignManifestAsync(Volume, manifest =>
            manifest["artifacts"]!.AsArray().Single(a => (string)a!["kind"]! == ArtifactKinds.File)!["name"] = name ?? new string('\u00e9', 128) + ".bin");

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_TwoImagesWhoseLayoutTagsDifferOnlyInCase_DuplicateEntry()
    {
        var first = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 1000, seed: 33);
        var second = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/other", "1.0", 1000, seed: 34);
        Volume = (await Scenario.WriteAsync([first, second], mediaDirectory: Path.Combine(Scenario.Root, "two"))).VolumeDirectories.Single();
        await Scenario.ResignManifestAsync(Volume, manifest =>
            manifest["artifacts"]![1]!["layoutTag"] = ((string)manifest["artifacts"]![0]!["layoutTag"]!).ToUpperInvariant());

        await AssertRejectedAsync(DuplicateEntry);
    }

    [TestCase("name", "Library/App", TestName = "Verify_ImageNameWithCapitals_ManifestInvalid")]
    [TestCase("name", "library//app", TestName = "Verify_ImageNameWithAnEmptyComponent_ManifestInvalid")]
    [TestCase("version", "1.0 beta", TestName = "Verify_ImageTagWithASpace_ManifestInvalid")]
    public async Task Verify_ImageNoRegistryTakes_ManifestInvalid(string property, string value)
    {
        // A stolen site key signs a batch whose image would fail at publish, after two officers approved it (ART-20).
        await Scenario.ResignManifestAsync(Volume, manifest =>
        {
            foreach (var artifact in manifest["artifacts"]!.AsArray().Where(a => (string)a!["kind"]! == ArtifactKinds.Image))
            {
                artifact![property] = value;
            }
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [TestCase(".sig", TestName = "Verify_ImageTaggedAsAnotherImagesCosignSignature_ManifestInvalid")]
    [TestCase("", TestName = "Verify_ImageTaggedAsAnotherImagesReferrersFallback_ManifestInvalid")]
    public async Task Verify_ImageTaggedWithAnAttachmentTag_ManifestInvalid(string suffix)
    {
        // A stolen site key signs a batch whose image would replace a published image's signature or referrers (ART-19).
        var victim = "sha256-" + new string('a', 64) + suffix;
        await Scenario.ResignManifestAsync(Volume, manifest =>
        {
            foreach (var artifact in manifest["artifacts"]!.AsArray().Where(a => (string)a!["kind"]! == ArtifactKinds.Image))
            {
                artifact!["version"] = victim;
            }
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [TestCase("fileCount", 1, TestName = "Verify_VolumeDeclaringOneFileMore_ManifestInvalid")]
    [TestCase("bytes", -1, TestName = "Verify_VolumeDeclaringOneByteLess_ManifestInvalid")]
    public async Task Verify_VolumeTotalsNotMatchingItsFiles_ManifestInvalid(string property, int change)
    {
        await Scenario.ResignManifestAsync(Volume, manifest =>
        {
            var volume = manifest["volumes"]![0]!;
            volume[property] = (long)volume[property]! + change;
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_VolumeWithoutItsOciLayoutFile_ManifestInvalid()
    {
        File.Delete(Path.Combine(Volume, BatchFileNames.OciLayout));
        await Scenario.ResignWithSumsAsync(Volume, manifest =>
        {
            var files = manifest["files"]!.AsArray();
            var layout = files.Single(f => (string)f!["path"]! == BatchFileNames.OciLayout)!;
            files.Remove(layout);
            var volume = manifest["volumes"]![0]!;
            volume["fileCount"] = (int)volume["fileCount"]! - 1;
            volume["bytes"] = (long)volume["bytes"]! - (long)layout["size"]!;
        });

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_WholeBlobLargerThanTheChunkSize_ManifestInvalid()
    {
        await Scenario.ResignManifestAsync(Volume, manifest => manifest["chunkSize"] = 1000);

        await AssertRejectedAsync(ManifestInvalid);
    }

    [TestCase("2026-11-22T08:00:00", TestName = "Verify_TimeWithoutOffset_ManifestMalformed")]
    [TestCase("2026-11-22 08:00:00Z", TestName = "Verify_TimeWithSpaceForT_ManifestMalformed")]
    [TestCase("2026-02-30T08:00:00Z", TestName = "Verify_TimeOnADayThatDoesNotExist_ManifestMalformed")]
    [TestCase("1795334400", TestName = "Verify_TimeAsUnixSeconds_ManifestMalformed")]
    public async Task Verify_TimeNotRfc3339WithOffset_ManifestMalformed(string time)
    {
        await Scenario.ResignManifestAsync(Volume, manifest => manifest["createdUtc"] = time);

        await AssertRejectedAsync(ManifestMalformed);
    }

    [Test]
    public async Task Verify_TimeWithFractionAndZulu_IsValid()
    {
        await Scenario.ResignManifestAsync(Volume, manifest => manifest["createdUtc"] = "2026-11-22T07:59:59.1234567Z");

        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.IsValid, Is.True, result.Message);
    }

    [Test]
    public async Task Write_KeyId_IsSixteenUppercaseHexDigitsOfTheSigningKey()
    {
        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.Manifest!.KeyId, Does.Match("^[0-9A-F]{16}$"));
        Assert.That(Convert.ToUInt64(result.Manifest.KeyId, 16), Is.EqualTo(Convert.ToUInt64(Scenario.Key.PublicKey.KeyIdHex, 16)));
    }

    [TestCase(true, TestName = "Verify_KeyIdWithLeadingZeros_IsValid")]
    [TestCase(false, TestName = "Verify_KeyIdWithoutLeadingZerosAsEarlierWritersWroteIt_IsValid")]
    public async Task Verify_KeyIdOfAKeyWhoseIdStartsWithZero_IsValid(bool padded)
    {
        // About one key in sixteen has an id minisign prints with fewer than 16 digits.
        var keys = new List<MinisignSecretKey>();
        while (keys.Count == 0 || keys[^1].PublicKey.KeyIdHex.Length == 16)
        {
            keys.Add(MinisignSecretKey.Generate());
        }

        var key = keys[^1];
        var printed = key.PublicKey.KeyIdHex;
        var path = Path.Combine(Volume, BatchFileNames.Manifest);
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(path))!.AsObject();
        manifest["keyId"] = padded ? printed.PadLeft(16, '0') : printed;
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await File.WriteAllBytesAsync(path, bytes);
        await Scenario.SignAsync(Volume, bytes, BatchTrustedComment.For("site-a-000001", "site-a", 1), key);

        var result = await Scenario.VerifyAsync(Volume, trusted: [new TrustedSigningKey(key.PublicKey, "site-a")]);
        keys.ForEach(k => k.Dispose());

        Assert.That(result.IsValid, Is.True, result.Message);
        Assert.That(result.SigningKey!.KeyIdHex, Is.EqualTo(printed));
    }

    [Test]
    public async Task Verify_KeyIdNamingAnotherKey_ManifestInvalid()
    {
        await Scenario.ResignManifestAsync(Volume, manifest =>
            manifest["keyId"] = (Convert.ToUInt64(Scenario.Key.PublicKey.KeyIdHex, 16) ^ 1).ToString("X16", System.Globalization.CultureInfo.InvariantCulture));

        await AssertRejectedAsync(ManifestInvalid);
    }

    [Test]
    public async Task Verify_SignatureFileWithByteOrderMark_SignatureMalformed()
    {
        var path = Path.Combine(Volume, BatchFileNames.Signature);
        await File.WriteAllBytesAsync(path, [.. Encoding.UTF8.GetPreamble(), .. await File.ReadAllBytesAsync(path)]);

        await AssertRejectedAsync(SignatureMalformed);
    }

    [Test]
    public async Task Verify_OciLayoutWithOtherContent_LayoutMismatch()
    {
        await ReplaceLayoutFileAsync(BatchFileNames.OciLayout, """{"imageLayoutVersion": "1.0.0"}"""u8.ToArray());

        await AssertRejectedAsync(LayoutMismatch);
    }

    [TestCase("other-tag", TestName = "Verify_IndexListingTheImageUnderAnotherTag_LayoutMismatch")]
    [TestCase("other-digest", TestName = "Verify_IndexListingAnotherImageUnderTheTag_LayoutMismatch")]
    [TestCase("empty", TestName = "Verify_IndexLeavingOutAReadableImage_LayoutMismatch")]
    [TestCase("twice", TestName = "Verify_IndexListingTheImageTwice_LayoutMismatch")]
    [TestCase("docker-list", TestName = "Verify_IndexOfAnotherMediaType_LayoutMismatch")]
    public async Task Verify_IndexNotListingExactlyTheReadableImages_LayoutMismatch(string fault)
    {
        var index = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.OciIndex)))!.AsObject();
        var manifests = index["manifests"]!.AsArray();
        switch (fault)
        {
            case "other-tag":
                manifests[0]!["annotations"]![OciLayoutIndex.RefNameAnnotation] = "latest";
                break;
            case "other-digest":
                manifests[0]!["digest"] = "sha256:" + new string('e', 64);
                break;
            case "empty":
                manifests.Clear();
                break;
            case "twice":
                manifests.Add(manifests[0]!.DeepClone());
                break;
            case "docker-list":
                index["mediaType"] = "application/vnd.docker.distribution.manifest.list.v2+json";
                break;
        }

        await ReplaceLayoutFileAsync(BatchFileNames.OciIndex, Encoding.UTF8.GetBytes(index.ToJsonString()));

        await AssertRejectedAsync(LayoutMismatch);
    }

    // A writer that puts other layout bytes on the volume and lists them consistently everywhere else.
    private async Task ReplaceLayoutFileAsync(string name, byte[] content)
    {
        await File.WriteAllBytesAsync(Path.Combine(Volume, name), content);
        await Scenario.ResignWithSumsAsync(Volume, manifest =>
        {
            var entry = manifest["files"]!.AsArray().Single(f => (string)f!["path"]! == name)!;
            var volume = manifest["volumes"]![0]!;
            volume["bytes"] = (long)volume["bytes"]! - (long)entry["size"]! + content.Length;
            entry["size"] = content.Length;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
        });
    }

    private static JsonObject Image(JsonObject manifest) =>
        manifest["artifacts"]!.AsArray().Single(a => (string)a!["kind"]! == ArtifactKinds.Image)!.AsObject();

    private static List<string> SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l + "\n").ToList();
}
