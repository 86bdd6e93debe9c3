using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>ART: each artifact entry, and its attachments.</summary>
internal static class ArtifactVectors
{
    private const string Tool = "library/tool";
    private const string App = "library/app";

    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("art1-unknown-kind", "ART-1", Reasons.ManifestInvalid, Fails, "The file artifact's kind is \"document\"",
            Manifest(b => b.Single, v => v.Artifact(ArtifactKinds.File)["kind"] = "document")),
        Invalid("art2-digest-uppercase", "ART-2", Reasons.ManifestInvalid, Fails,
            "The file artifact's digest in uppercase hex (its blobs list keeps the lowercase one)",
            Manifest(b => b.Single, v => File(v)["digest"] = "sha256:" + ((string)File(v)["digest"]!)[7..].ToUpperInvariant())),
        Invalid("art3-empty-requester", "ART-3", Reasons.ManifestInvalid, Fails, "The file artifact's requester is \"\"",
            Manifest(b => b.Single, v => File(v)["requester"] = "")),
        Invalid("art3-empty-source", "ART-3", Reasons.ManifestInvalid, Fails, "The chart's source is \"\"",
            Manifest(b => b.Single, v => v.Artifact(ArtifactKinds.Chart)["source"] = "")),
        Invalid("art4-justification-too-long", "ART-4", Reasons.LimitExceeded, Fails, "A justification of 4097 characters",
            Manifest(b => b.Single, v => File(v)["justification"] = new string('j', 4097))),
        Invalid("art5-control-character", "ART-5", Reasons.ManifestInvalid, Fails, "The file artifact's name holds U+0007 (BEL)",
            Manifest(b => b.Single, v => File(v)["name"] = "patch\u0007.bin")),
        Invalid("art5-line-break", "ART-5", Reasons.ManifestInvalid, Fails, "A justification holds a line feed",
            Manifest(b => b.Single, v => File(v)["justification"] = "conformance\nvector")),
        Invalid("art6-image-without-layout-tag", "ART-6", Reasons.ManifestInvalid, Fails,
            "The tool image has no layoutTag (index.json then lists the app image only)",
            Manifest(b => b.Single, v =>
            {
                v.ArtifactNamed(Tool).Remove("layoutTag");
                v.RebuildIndex();
            })),
        Invalid("art6-layout-tag-syntax", "ART-6", Reasons.ManifestInvalid, Fails, "The tool image's layoutTag \"-tool\" starts with '-'",
            Manifest(b => b.Single, v =>
            {
                v.ArtifactNamed(Tool)["layoutTag"] = "-tool";
                v.RebuildIndex();
            })),
        Invalid("art6-image-without-media-type", "ART-6", Reasons.ManifestInvalid, Fails, "The tool image has no mediaType",
            Manifest(b => b.Single, v => v.ArtifactNamed(Tool).Remove("mediaType"))),
        Invalid("art6-file-with-layout-tag", "ART-6", Reasons.ManifestInvalid, Fails, "The file artifact has a layoutTag",
            Manifest(b => b.Single, v => InsertBefore(File(v), "blobs", "layoutTag", "patch.bin"))),
        Invalid("art7-layout-tags-differ-in-case", "ART-7", Reasons.DuplicateEntry, Passes,
            "The tool image's layoutTag is the app image's in uppercase (index.json follows)",
            Manifest(b => b.Single, v =>
            {
                v.ArtifactNamed(Tool)["layoutTag"] = ((string)v.ArtifactNamed(App)["layoutTag"]!).ToUpperInvariant();
                v.RebuildIndex();
            })),
        Invalid("art8-scanner-data-unknown-name", "ART-8", Reasons.ManifestInvalid, Fails, "scanner-data named \"yara\"",
            Manifest(b => b.Single, v => v.Artifact(ArtifactKinds.ScannerData)["name"] = "yara")),
        Invalid("art8-scanner-data-file-not-admitted", "ART-8", Reasons.ManifestInvalid, Passes,
            "clamav scanner-data from a URL whose file name is daily.exe",
            Manifest(b => b.Single, v => v.Artifact(ArtifactKinds.ScannerData)["source"] = "https://database.clamav.net/daily.exe")),
        Invalid("art14-deb-source-without-suite", "ART-14", Reasons.ManifestInvalid, Fails,
            "A deb artifact whose source is the repository URL alone, without suite and component",
            Manifest(b => b.Debian, v => v.Artifact(ArtifactKinds.Deb)["source"] = "http://deb.example.org/debian")),
        Invalid("art14-deb-name-not-package-names", "ART-14", Reasons.ManifestInvalid, Fails,
            "A deb artifact whose name has two spaces between package names",
            Manifest(b => b.Debian, v => v.Artifact(ArtifactKinds.Deb)["name"] = "hello  libgreet")),
        Invalid("art14-deb-with-version", "ART-14", Reasons.ManifestInvalid, Fails, "A deb artifact with a version",
            Manifest(b => b.Debian, v => v.Artifact(ArtifactKinds.Deb)["version"] = "2.10-3")),
        Invalid("art15-npm-source-final-slash", "ART-15", Reasons.ManifestInvalid, Fails,
            "An npm artifact whose registry URL ends in '/'",
            Manifest(b => b.Npm, v => v.Artifact(ArtifactKinds.Npm)["source"] = "https://registry.npmjs.example/")),
        Invalid("art15-npm-name-range", "ART-15", Reasons.ManifestInvalid, Fails,
            "An npm artifact whose name pins a version range, not an exact version",
            Manifest(b => b.Npm, v => v.Artifact(ArtifactKinds.Npm)["name"] = "greeter@^1.0.0")),
        Invalid("art15-npm-name-other-lock-file", "ART-15", Reasons.ManifestInvalid, Fails,
            "An npm artifact named after a lock file npm does not write",
            Manifest(b => b.Npm, v => v.Artifact(ArtifactKinds.Npm)["name"] = "web/yarn.lock")),
        Invalid("art15-npm-with-version", "ART-15", Reasons.ManifestInvalid, Fails, "An npm artifact with a version",
            Manifest(b => b.Npm, v => v.Artifact(ArtifactKinds.Npm)["version"] = "1.0.0")),
        Invalid("art16-pypi-source-without-final-slash", "ART-16", Reasons.ManifestInvalid, Fails,
            "A pypi artifact whose simple index URL does not end in '/'",
            Manifest(b => b.PyPI, v => v.Artifact(ArtifactKinds.PyPI)["source"] = "https://pypi.example/simple")),
        Invalid("art16-pypi-name-range", "ART-16", Reasons.ManifestInvalid, Fails,
            "A pypi artifact whose name pins a version range, not an exact release",
            Manifest(b => b.PyPI, v => v.Artifact(ArtifactKinds.PyPI)["name"] = "greeter>=1.0")),
        Invalid("art16-pypi-name-not-normalised", "ART-16", Reasons.ManifestInvalid, Fails,
            "A pypi artifact whose pin names a project as written, not PEP 503 normalised",
            Manifest(b => b.PyPI, v => v.Artifact(ArtifactKinds.PyPI)["name"] = "Greeter==1.0.0 acme-words==2.1rc1")),
        Invalid("art16-pypi-with-version", "ART-16", Reasons.ManifestInvalid, Fails, "A pypi artifact with a version",
            Manifest(b => b.PyPI, v => v.Artifact(ArtifactKinds.PyPI)["version"] = "1.0.0")),
        Invalid("art17-nuget-source-final-slash", "ART-17", Reasons.ManifestInvalid, Fails,
            "A nuget artifact whose service index URL ends in '/'",
            Manifest(b => b.NuGet, v => v.Artifact(ArtifactKinds.NuGet)["source"] = "https://api.nuget.example/v3/")),
        Invalid("art17-nuget-name-range", "ART-17", Reasons.ManifestInvalid, Fails,
            "A nuget artifact whose name pins a version range, not an exact version",
            Manifest(b => b.NuGet, v => v.Artifact(ArtifactKinds.NuGet)["name"] = "Acme.Words@[2.1.0,)")),
        Invalid("art17-nuget-name-unnormalised", "ART-17", Reasons.ManifestInvalid, Fails,
            "A nuget artifact whose pin's version is not normalised (a fourth part of 0)",
            Manifest(b => b.NuGet, v => v.Artifact(ArtifactKinds.NuGet)["name"] = "Acme.Words@2.1.0.0")),
        Invalid("art17-nuget-name-other-lock-file", "ART-17", Reasons.ManifestInvalid, Fails,
            "A nuget artifact named after a file that is not a packages.lock.json",
            Manifest(b => b.NuGet, v => v.Artifact(ArtifactKinds.NuGet)["name"] = "Ward.Api/packages.config")),
        Invalid("art17-nuget-with-version", "ART-17", Reasons.ManifestInvalid, Fails, "A nuget artifact with a version",
            Manifest(b => b.NuGet, v => v.Artifact(ArtifactKinds.NuGet)["version"] = "1.0.0")),
        Invalid("art19-image-tag-of-a-cosign-signature", "ART-19", Reasons.ManifestInvalid, Passes,
            "The tool image's version is sha256-<64 hex>.sig: published under it, it would replace another image's cosign signature",
            Manifest(b => b.Single, v => v.ArtifactNamed(Tool)["version"] = "sha256-" + new string('a', 64) + ".sig")),
        Invalid("art20-image-name-with-capitals", "ART-20", Reasons.ManifestInvalid, Passes,
            "The tool image's name is \"Library/Tool\", which no registry takes",
            Manifest(b => b.Single, v => v.ArtifactNamed(Tool)["name"] = "Library/Tool")),
        Invalid("art20-image-tag-with-a-space", "ART-20", Reasons.ManifestInvalid, Passes, "The tool image's version is \"1.0 beta\"",
            Manifest(b => b.Single, v => v.ArtifactNamed(Tool)["version"] = "1.0 beta")),
        Invalid("art21-file-name-with-a-bidi-override", "ART-21", Reasons.ManifestInvalid, Passes,
            "The file artifact's name is \"report\u202Efdp.exe\": U+202E (right-to-left override) shows it as \"reportexe.pdf\"",
            Manifest(b => b.Single, v => File(v)["name"] = "report\u202Efdp.exe")),
        Invalid("art21-file-name-with-a-backslash", "ART-21", Reasons.ManifestInvalid, Passes, "The file artifact's name is \"tools\\patch.bin\"",
            Manifest(b => b.Single, v => File(v)["name"] = "tools\\patch.bin")),
        Invalid("art21-file-name-a-windows-device", "ART-21", Reasons.ManifestInvalid, Passes, "The file artifact's name is \"aux.tar.gz\"",
            Manifest(b => b.Single, v => File(v)["name"] = "aux.tar.gz")),
        Invalid("art21-file-name-over-255-bytes", "ART-21", Reasons.ManifestInvalid, Passes,
            "The file artifact's name is 128 \"\u00e9\" (256 bytes of UTF-8) and \".bin\"",
            Manifest(b => b.Single, v => File(v)["name"] = new string('\u00e9', 128) + ".bin")),
        Invalid("art21-chart-archive-name-with-a-slash", "ART-21", Reasons.ManifestInvalid, Passes,
            "The chart's name is \"charts/evil\": its archive would be published as \"charts/evil-<version>.tgz\"",
            Manifest(b => b.Single, v => v.Artifact(ArtifactKinds.Chart)["name"] = "charts/evil")),
        Invalid("art9-blobs-empty", "ART-9", Reasons.ManifestInvalid, Fails, "The file artifact's blobs list is empty",
            Manifest(b => b.Single, v => File(v)["blobs"]!.AsArray().Clear())),
        Invalid("art9-digest-not-first", "ART-9", Reasons.ManifestInvalid, Passes,
            "The tool image's own digest is last in its blobs instead of first",
            Manifest(b => b.Single, v =>
            {
                var blobs = v.ArtifactNamed(Tool)["blobs"]!.AsArray();
                var first = blobs[0]!;
                blobs.RemoveAt(0);
                blobs.Add(first);
            })),
        Invalid("art10-blob-twice", "ART-10", Reasons.DuplicateEntry, Fails, "The tool image lists its config blob twice",
            Manifest(b => b.Single, v =>
            {
                var blobs = v.ArtifactNamed(Tool)["blobs"]!.AsArray();
                blobs.Add(blobs[1]!.DeepClone());
            })),
        Invalid("art11-too-many-blobs", "ART-11", Reasons.LimitExceeded, Fails,
            "The file artifact lists 500,001 blobs (500,000 made-up digests the manifest does not declare: declaring them would "
            + "break MAN-11, so ART-11 cannot be the only fault; it is checked before ART-13)",
            Manifest(b => b.Single, v =>
            {
                var blobs = File(v)["blobs"]!.AsArray();
                for (var i = 1; i <= 500_000; i++)
                {
                    blobs.Add("sha256:" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture));
                }
            })),
        Invalid("art18-artifact-text-too-long", "ART-18", Reasons.LimitExceeded, Passes,
            "The file artifact copied 8,200 times, each copy with its own requestId and a justification of 4,096 characters: "
            + "more than 33,554,432 UTF-16 code units of artifact text in all, every field within ART-4 and the manifest (about "
            + "34 MB) within VOL-5",
            Manifest(b => b.Single, v =>
            {
                var artifacts = v.Manifest["artifacts"]!.AsArray();
                var file = File(v);
                var justification = new string('j', 4096);
                for (var i = 0; i < 8200; i++)
                {
                    var copy = file.DeepClone();
                    copy["requestId"] = $"conformance-{i}";
                    copy["justification"] = justification;
                    artifacts.Add(copy);
                }
            })),
        Invalid("art12-on-a-file", "ART-12", Reasons.ManifestInvalid, Fails, "A file artifact with an attachment",
            Manifest(b => b.Single, v => InsertBefore(File(v), null, "attachments", new JsonArray(Attachment("referrer", null,
                (string)File(v)["digest"]!)))) ),
        Invalid("art12-empty-list", "ART-12", Reasons.ManifestInvalid, Fails, "An image whose attachments list is empty",
            Manifest(b => b.Signed, v => Attachments(v).Clear())),
        Invalid("art12-unknown-kind", "ART-12", Reasons.ManifestInvalid, Fails, "An attachment of kind \"notary\"",
            Manifest(b => b.Signed, v => Attachments(v)[0]!["kind"] = "notary")),
        Invalid("art12-wrong-tag", "ART-12", Reasons.ManifestInvalid, Passes, "The signature attachment's tag names another image's digest",
            Manifest(b => b.Signed, v => Attachments(v)[0]!["tag"] = $"sha256-{new string('a', 64)}.sig")),
        Invalid("art12-referrer-with-tag", "ART-12", Reasons.ManifestInvalid, Fails,
            "The attachment's kind changed to referrer, keeping its .sig tag",
            Manifest(b => b.Signed, v => Attachments(v)[0]!["kind"] = "referrer")),
        Invalid("art12-index-media-type", "ART-12", Reasons.ManifestInvalid, Fails, "The attachment's media type is an image index",
            Manifest(b => b.Signed, v => Attachments(v)[0]!["mediaType"] = OciMediaTypes.ImageIndex)),
        Invalid("art12-not-among-blobs", "ART-12", Reasons.ManifestInvalid, Passes, "The attachment's digest is not among the image's blobs",
            Manifest(b => b.Signed, v => Attachments(v)[0]!["digest"] = "sha256:" + new string('b', 64))),
        Invalid("art12-own-digest", "ART-12", Reasons.ManifestInvalid, Passes, "The attachment's digest is the image's own",
            Manifest(b => b.Signed, v => Attachments(v)[0]!["digest"] = v.Artifacts[0]!["digest"]!.DeepClone())),
        Invalid("art12-duplicate", "ART-12", Reasons.DuplicateEntry, Fails, "The signature attachment listed twice",
            Manifest(b => b.Signed, v => Attachments(v).Add(Attachments(v)[0]!.DeepClone()))),
        Invalid("art12-33-attachments", "ART-12", Reasons.LimitExceeded, Fails, "33 attachments (32 more referrers, digests not among the blobs)",
            Manifest(b => b.Signed, v =>
            {
                for (var i = 1; i <= 32; i++)
                {
                    Attachments(v).Add(Attachment("referrer", null, "sha256:" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)));
                }
            })),
        Invalid("art13-undeclared-blob", "ART-13", Reasons.ManifestInvalid, Passes,
            "The file artifact needs a second blob that the manifest's blobs do not declare",
            Manifest(b => b.Single, v => File(v)["blobs"]!.AsArray().Add("sha256:" + new string('c', 64)))),
    ];

    private static JsonObject File(VolumeEdit volume) => volume.Artifact(ArtifactKinds.File);

    private static JsonArray Attachments(VolumeEdit volume) => volume.Artifacts[0]!["attachments"]!.AsArray();

    private static JsonObject Attachment(string kind, string? tag, string digest)
    {
        var attachment = new JsonObject { ["kind"] = kind };
        if (tag is not null)
        {
            attachment["tag"] = tag;
        }

        attachment["digest"] = digest;
        attachment["mediaType"] = OciMediaTypes.ImageManifest;
        return attachment;
    }

    // Properties keep the manifest's order (a reader must not care, but the vector reads like the writer's output).
    private static void InsertBefore(JsonObject json, string? before, string name, JsonNode value)
    {
        var properties = json.ToList();
        json.Clear();
        foreach (var (key, node) in properties)
        {
            if (key == before)
            {
                json[name] = value;
            }

            json[key] = node?.DeepClone();
        }

        if (before is null)
        {
            json[name] = value;
        }
    }
}
