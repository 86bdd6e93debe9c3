using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// An npm registry as a static server serves one: a directory with NAME/index.json (the packument) and NAME/-/FILE.tgz,
/// answered on 127.0.0.1 as the documented nginx configuration answers (the path decoded, so '@scope%2fname' is
/// '@scope/name'; a directory answered by its index.json). Used as the upstream registry and to serve a published mirror.
/// </summary>
public sealed class TestNpmRegistry : IAsyncDisposable
{
    private readonly TestStaticFiles _files;

    private TestNpmRegistry(TestStaticFiles files)
    {
        _files = files;
    }

    public string Root => _files.Root;

    /// <summary>http://127.0.0.1:PORT (no final '/', as an npm request's source is written).</summary>
    public string Url => _files.Url;

    /// <summary>Requests received so far ("GET /path").</summary>
    public IReadOnlyList<string> Requests => _files.Requests;

    /// <summary>An empty registry of its own.</summary>
    public static Task<TestNpmRegistry> StartAsync() => ServeAsync(null);

    /// <summary>Serves <paramref name="directory"/> (a published mirror); null, a new temporary directory.</summary>
    public static async Task<TestNpmRegistry> ServeAsync(string? directory) =>
        new(await TestStaticFiles.StartAsync(directory, "npm-registry", "index.json", "application/json"));

    /// <summary>Publishes the packages (tarballs and packuments with SHA-512 integrity); returns each one's integrity.</summary>
    public IReadOnlyList<string> Publish(params TestNpmPackage[] packages)
    {
        var integrities = new List<string>();
        foreach (var package in packages)
        {
            var tarball = package.Pack();
            var integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));
            var file = $"{package.Name[(package.Name.IndexOf('/', StringComparison.Ordinal) + 1)..]}-{package.Version}.tgz";
            WriteFile($"{package.Name}/-/{file}", tarball);
            var entry = package.PackageJson();
            entry["dist"] = new JsonObject
            {
                ["tarball"] = $"{Url}/{package.Name}/-/{file}",
                ["integrity"] = integrity,
#pragma warning disable CA5350 // npm's legacy shasum is SHA-1: written as registries do, never trusted.
                ["shasum"] = Convert.ToHexStringLower(SHA1.HashData(tarball)),
#pragma warning restore CA5350
            };
            EditPackument(package.Name, packument =>
            {
                packument["versions"]![package.Version] = entry;
                packument["dist-tags"]!["latest"] = package.Version;
            });
            integrities.Add(integrity);
        }

        return integrities;
    }

    /// <summary>Changes a published packument (to make it lie).</summary>
    public void EditPackument(string name, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var path = Path.Combine(Root, name, "index.json");
        var packument = File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path))!.AsObject()
            : new JsonObject { ["_id"] = name, ["name"] = name, ["dist-tags"] = new JsonObject(), ["versions"] = new JsonObject() };
        edit(packument);
        WriteFile($"{name}/index.json", System.Text.Encoding.UTF8.GetBytes(packument.ToJsonString()));
    }

    /// <summary>Writes a file below the registry's root (to replace a tarball).</summary>
    public void WriteFile(string relativePath, byte[] content) => _files.WriteFile(relativePath, content);

    public ValueTask DisposeAsync() => _files.DisposeAsync();
}
