using System.Text;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Alpine's <c>lib/apk/db/installed</c>: one <c>K:value</c> line per field (<c>P</c> name, <c>V</c> version,
/// <c>A</c> architecture, <c>o</c> origin, the source package), a blank line between packages.
/// </summary>
internal sealed class ApkInstalledParser : IPackageFileParser
{
    public long MaxBytes => 32L * 1024 * 1024;

    public bool Matches(string path) => path == "lib/apk/db/installed";

    public IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(content));
        string? name = null, version = null, arch = null, origin = null;
        while (true)
        {
            var line = reader.ReadLine();
            if (line is null || line.Length == 0)
            {
                if (name is { Length: > 0 } && version is { Length: > 0 })
                {
                    yield return PackageCoordinates.Apk(name, version, arch, origin, context.Os);
                }

                if (line is null)
                {
                    yield break;
                }

                name = version = arch = origin = null;
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
            {
                continue;
            }

            var value = line[2..].Trim();
            switch (line[0])
            {
                case 'P': name = value; break;
                case 'V': version = value; break;
                case 'A': arch = value; break;
                case 'o': origin = value; break;
            }
        }
    }
}
