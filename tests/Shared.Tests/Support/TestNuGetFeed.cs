using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A NuGet v3 feed as a static server serves one, on 127.0.0.1: a service index at /v3/index.json whose PackageBaseAddress/3.0.0
/// is the flat container /v3/flatcontainer/ (ID/index.json listing versions, ID/VERSION/ID.VERSION.nupkg, all lower case).
/// Used as the upstream feed, and to serve a published mirror.
/// </summary>
public sealed class TestNuGetFeed : IAsyncDisposable
{
    public const string FlatContainerPath = "v3/flatcontainer";

    private readonly TestStaticFiles _files;

    private TestNuGetFeed(TestStaticFiles files)
    {
        _files = files;
    }

    public string Root => _files.Root;

    /// <summary>http://127.0.0.1:PORT (no final '/').</summary>
    public string Url => _files.Url;

    /// <summary>The upstream's service index URL, a nuget request's source.</summary>
    public string ServiceIndex => $"{Url}/v3/index.json";

    /// <summary>Requests received so far ("GET /path").</summary>
    public IReadOnlyList<string> Requests => _files.Requests;

    /// <summary>An empty upstream feed of its own, its service index naming its flat container.</summary>
    public static async Task<TestNuGetFeed> StartAsync()
    {
        var feed = await ServeAsync(null);
        feed.WriteServiceIndex($"{feed.Url}/{FlatContainerPath}/");
        return feed;
    }

    /// <summary>Serves <paramref name="directory"/> (a published mirror) at the server's root; null, a new temporary directory.</summary>
    public static async Task<TestNuGetFeed> ServeAsync(string? directory) =>
        new(await TestStaticFiles.StartAsync(directory, "nuget-feed", "index.json", "application/json"));

    /// <summary>Writes the service index with <paramref name="packageBaseAddress"/> as its flat container (to make it lie).</summary>
    public void WriteServiceIndex(string packageBaseAddress)
    {
        var index = new JsonObject
        {
            ["version"] = "3.0.0",
            ["resources"] = new JsonArray(new JsonObject { ["@id"] = packageBaseAddress, ["@type"] = "PackageBaseAddress/3.0.0" }),
        };
        WriteFile("v3/index.json", Encoding.UTF8.GetBytes(index.ToJsonString()));
    }

    /// <summary>Publishes the packages into the flat container; returns each one's content hash (the SHA-512 of an unsigned package).</summary>
    public IReadOnlyList<string> Publish(params TestNuGetPackage[] packages)
    {
        var hashes = new List<string>();
        foreach (var package in packages)
        {
            var bytes = package.Pack();
            var id = package.Id.ToLowerInvariant();
            var version = package.Version.ToLowerInvariant();
            WriteFile($"{FlatContainerPath}/{id}/{version}/{package.FileName}", bytes);
            var versionsPath = Path.Combine(Root, FlatContainerPath, id, "index.json");
            var versions = File.Exists(versionsPath) ? JsonNode.Parse(File.ReadAllText(versionsPath))!["versions"]!.AsArray() : [];
            if (!versions.Any(v => v!.GetValue<string>() == version))
            {
                versions.Add(version);
            }

            WriteFile($"{FlatContainerPath}/{id}/index.json", Encoding.UTF8.GetBytes(new JsonObject { ["versions"] = versions.DeepClone() }.ToJsonString()));
            hashes.Add(Convert.ToBase64String(SHA512.HashData(bytes)));
        }

        return hashes;
    }

    /// <summary>Writes a file below the feed's root (to replace a package).</summary>
    public void WriteFile(string relativePath, byte[] content) => _files.WriteFile(relativePath, content);

    public ValueTask DisposeAsync() => _files.DisposeAsync();
}
