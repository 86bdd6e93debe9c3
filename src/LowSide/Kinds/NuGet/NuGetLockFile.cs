using System.Text.Json;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// Reads the packages of a packages.lock.json (version 1, or 2 with central package management): every resolved entry of every
/// target framework (and runtime), <c>Direct</c>, <c>Transitive</c> or <c>CentralTransitive</c>, skipping <c>Project</c>
/// references (the requester's own projects). Each needs a normalised resolved version and a content hash; anything else
/// refuses the whole lock file with <see cref="NuGetReasons.LockFileInvalid"/>.
/// </summary>
internal static class NuGetLockFile
{
    /// <summary>The distinct packages (by id, whatever its case, and version) <paramref name="text"/> lists, in id and version order.</summary>
    public static IReadOnlyList<NuGetLockEntry> Read(string text)
    {
        using (var document = JsonLockFile.Parse(text, NuGetReasons.LockFileInvalid))
        {
            var root = document.RootElement;
            var version = JsonLockFile.Version(root, "version");
            if (version is not (1 or 2) || !root.TryGetProperty("dependencies", out var targets) || targets.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the lock file is not a packages.lock.json of version 1 or 2 with a 'dependencies' object");
            }

            var entries = new Dictionary<string, NuGetLockEntry>(StringComparer.Ordinal);
            foreach (var target in targets.EnumerateObject())
            {
                if (target.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid($"target '{target.Name}' is not an object");
                }

                foreach (var package in target.Value.EnumerateObject())
                {
                    if (Entry(target.Name, package.Name, package.Value) is { } entry)
                    {
                        Add(entries, entry);
                    }
                }
            }

            return entries.Count == 0
                ? throw Invalid("the lock file lists no package to gather")
                : [.. entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)];
        }
    }

    private static void Add(Dictionary<string, NuGetLockEntry> entries, NuGetLockEntry entry)
    {
        if (entries.TryGetValue(entry.Pin.Key, out var seen))
        {
            if (seen.ContentHash != entry.ContentHash)
            {
                throw Invalid($"{entry.Pin} is listed twice with different content hashes");
            }

            return;
        }

        entries[entry.Pin.Key] = entry;
        if (entries.Count > NuGetPackageSetFormat.MaxPackages)
        {
            throw Invalid($"the lock file lists more than {NuGetPackageSetFormat.MaxPackages} packages");
        }
    }

    private static NuGetLockEntry? Entry(string target, string id, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"'{id}' of target '{target}' is not an object");
        }

        var type = Text(value, "type");
        if (type == "Project")
        {
            return null;
        }

        if (type is not ("Direct" or "Transitive" or "CentralTransitive"))
        {
            throw Invalid($"'{id}' of target '{target}' has type '{type}', not Direct, Transitive, CentralTransitive or Project");
        }

        var resolved = Text(value, "resolved");
        var contentHash = Text(value, "contentHash");
        if (!NuGetNames.IsPackageId(id) || !NuGetNames.IsNormalizedVersion(resolved))
        {
            throw Invalid($"'{id}' of target '{target}' has no valid id and normalised resolved version ('{resolved}')");
        }

        return Sha512Base64.IsValid(contentHash)
            ? new NuGetLockEntry(new NuGetPin(id, resolved!), contentHash!)
            : throw Invalid($"{id}@{resolved} has content hash '{contentHash}', not the base64 of a SHA-512");
    }

    private static string? Text(JsonElement value, string property) =>
        value.TryGetProperty(property, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;

    private static GatherRefusedException Invalid(string message) => new(NuGetReasons.LockFileInvalid, message);
}
