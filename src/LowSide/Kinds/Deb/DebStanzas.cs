using System.Globalization;
using System.Text;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>The full stanzas of the chosen packages, taken in a second streaming pass over the index they were chosen from.</summary>
internal static class DebStanzas
{
    public static IReadOnlyList<DebianPackage> Read(string indexPath, IReadOnlyList<DebCandidate> chosen, string where)
    {
        var wanted = chosen.ToDictionary(c => c.Ordinal);
        var packages = new List<DebianPackage>(chosen.Count);
        using var reader = new StreamReader(indexPath, Encoding.UTF8);
        var ordinal = 0;
        foreach (var stanza in Deb822Reader.Read(reader))
        {
            if (wanted.TryGetValue(ordinal++, out var candidate))
            {
                packages.Add(ToPackage(stanza, candidate, where));
            }

            if (packages.Count == wanted.Count)
            {
                break;
            }
        }

        return packages.Count == wanted.Count
            ? packages
            : throw new GatherRefusedException($"the Packages index of {where} changed while it was read");
    }

    private static DebianPackage ToPackage(Deb822Paragraph stanza, DebCandidate candidate, string where)
    {
        var (filename, size, sha256) = (stanza["Filename"], stanza["Size"], stanza["SHA256"]);
        if (stanza["Package"] != candidate.Package || stanza["Version"] != candidate.Version)
        {
            throw new GatherRefusedException($"the Packages index of {where} changed while it was read");
        }

        if (!DebianNames.IsPoolPath(filename) || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            || !Sha256Digest.IsHex(sha256))
        {
            throw new GatherRefusedException(
                $"{candidate} in {where} has no usable Filename, Size or SHA256 ('{filename}', '{size}', '{sha256}')");
        }

        return new DebianPackage
        {
            Package = candidate.Package,
            Version = candidate.Version,
            Architecture = stanza["Architecture"]!,
            Filename = filename!,
            Size = bytes,
            Sha256 = sha256!,
            Control = stanza.Text,
        };
    }
}
