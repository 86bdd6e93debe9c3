using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A tiny npm package built as npm pack would (a gzipped tar of package/package.json and package/index.js): its index.js
/// exports <see cref="Greeting"/>, so a test can run it once installed.
/// </summary>
public sealed record TestNpmPackage(string Name, string Version)
{
    /// <summary>Dependencies as package.json writes them: name to version range.</summary>
    public IReadOnlyDictionary<string, string> Dependencies { get; init; } = new Dictionary<string, string>();

    public string Greeting { get; init; } = "hello";

    public JsonObject PackageJson()
    {
        var dependencies = new JsonObject();
        foreach (var (name, range) in Dependencies)
        {
            dependencies[name] = range;
        }

        return new JsonObject
        {
            ["name"] = Name,
            ["version"] = Version,
            ["description"] = $"test package {Name}",
            ["main"] = "index.js",
            ["license"] = "MIT",
            ["dependencies"] = dependencies,
        };
    }

    /// <summary>The .tgz; the same package packs to the same bytes.</summary>
    public byte[] Pack()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var requires = string.Concat(Dependencies.Keys.Select(d => $"require('{d}');\n"));
            TestArchives.AddText(tar, "package/package.json", PackageJson().ToJsonString());
            TestArchives.AddText(tar, "package/index.js", $"{requires}module.exports = {System.Text.Json.JsonSerializer.Serialize(Greeting)};\n");
        }

        return output.ToArray();
    }
}
