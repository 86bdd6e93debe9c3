using System.Text.Json;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>
/// Reads the packages of a package-lock.json of lockfileVersion 2 or 3 (npm 7 and later): every <c>packages</c> entry below a
/// node_modules folder, except links (workspaces) and packages bundled inside another's tarball. Each must come from the
/// registry, with a SHA-512 integrity; anything else refuses the whole lock file with <see cref="NpmReasons.LockFileInvalid"/>.
/// </summary>
internal static class NpmLockFile
{
    private const string Folder = "node_modules/";

    /// <summary>The distinct packages (by name and version) <paramref name="text"/> lists, in name and version order.</summary>
    public static IReadOnlyList<NpmLockEntry> Read(string text)
    {
        using (var document = JsonLockFile.Parse(text, NpmReasons.LockFileInvalid))
        {
            var root = document.RootElement;
            var version = JsonLockFile.Version(root, "lockfileVersion");
            if (version is not (2 or 3) || !root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the lock file is not a package-lock.json of lockfileVersion 2 or 3 with a 'packages' object "
                    + "(regenerate it with npm 7 or later)");
            }

            var entries = new Dictionary<(string, string), NpmLockEntry>();
            foreach (var package in packages.EnumerateObject())
            {
                if (Entry(package.Name, package.Value) is not { } entry)
                {
                    continue;
                }

                if (entries.TryGetValue((entry.Name, entry.Version), out var seen) && seen.Integrity != entry.Integrity)
                {
                    throw Invalid($"{entry.Name}@{entry.Version} is listed twice with different integrity");
                }

                entries[(entry.Name, entry.Version)] = seen ?? entry;
                if (entries.Count > NpmPackageSetFormat.MaxPackages)
                {
                    throw Invalid($"the lock file lists more than {NpmPackageSetFormat.MaxPackages} packages");
                }
            }

            return entries.Count == 0
                ? throw Invalid("the lock file lists no package to gather")
                : [.. entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Version, StringComparer.Ordinal)];
        }
    }

    private static NpmLockEntry? Entry(string path, JsonElement value)
    {
        // The root project ("") and workspace folders are the requester's own sources, not the registry's.
        var folder = path.LastIndexOf(Folder, StringComparison.Ordinal);
        if (folder < 0)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"'{path}' is not an object");
        }

        if (Flag(value, "link") || Flag(value, "inBundle"))
        {
            return null;
        }

        // An alias (npm:other@1.0.0) is installed under its alias but is the named package.
        var name = Text(value, "name") ?? path[(folder + Folder.Length)..];
        var version = Text(value, "version");
        var resolved = Text(value, "resolved");
        var integrity = Text(value, "integrity");
        if (!NpmNames.IsPackageName(name) || !NpmNames.IsVersion(version))
        {
            throw Invalid($"'{path}' has no valid package name and version ('{name}', '{version}')");
        }

        if (resolved is null || !Uri.TryCreate(resolved, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw Invalid($"{name}@{version} at '{path}' is resolved from '{resolved}', not from a registry: git, file, "
                + "directory and tarball dependencies cannot be gathered");
        }

        return NpmIntegrity.IsValid(integrity)
            ? new NpmLockEntry(name, version!, url, integrity!)
            : throw Invalid($"{name}@{version} has integrity '{integrity}', not {NpmIntegrity.Description}");
    }

    private static bool Flag(JsonElement value, string property) =>
        value.TryGetProperty(property, out var flag) && flag.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement value, string property) =>
        value.TryGetProperty(property, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;

    private static GatherRefusedException Invalid(string message) => new(NpmReasons.LockFileInvalid, message);
}
