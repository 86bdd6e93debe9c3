using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Site;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Regenerates one suite of a published repository from the database: every binary-ARCH index of every component, then
/// dists/SUITE/Release, Release.gpg (detached) and InRelease (clear-signed), each atomically, the Release files last.
/// The Release's Date is when the suite last changed and the signatures are made at that time too, so regenerating a
/// suite that did not change writes the same bytes again.
/// </summary>
internal sealed class DebSuiteWriter(DebPackageRepository packages, IOptions<DebMirrorOptions> mirror, IOptions<SiteOptions> site)
{
    public async Task WriteAsync(
        string mirrorRoot, string repositoryPath, string suite, OpenPgpSigningKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var published = await packages.SuiteAsync(repositoryPath, suite, cancellationToken)
            ?? throw new PublishException(PublishReasons.MirrorFailed, $"nothing is published in {repositoryPath} {suite}");
        var suiteDirectory = Path.Combine(mirrorRoot, repositoryPath, "dists", suite);
        var entries = new List<DebReleaseEntry>();
        foreach (var component in published.Components)
        {
            foreach (var architecture in published.Architectures)
            {
                var stanzas = packages.StanzasAsync(repositoryPath, suite, component, architecture, cancellationToken);
                entries.AddRange(
                    await DebPackagesIndex.WriteAsync(mirrorRoot, suiteDirectory, component, architecture, stanzas, cancellationToken));
            }
        }

        var release = Encoding.UTF8.GetBytes(ReleaseText(suite, published, entries));
        var signedUtc = published.ChangedUtc > key.CreatedUtc ? published.ChangedUtc : key.CreatedUtc;
        await StagedFile.WriteBytesAsync(Path.Combine(suiteDirectory, "Release"), release, cancellationToken);
        await StagedFile.WriteBytesAsync(Path.Combine(suiteDirectory, "Release.gpg"),
            Encoding.ASCII.GetBytes(key.DetachedSign(release, signedUtc)), cancellationToken);
        await StagedFile.WriteBytesAsync(Path.Combine(suiteDirectory, "InRelease"),
            Encoding.UTF8.GetBytes(key.ClearSign(Encoding.UTF8.GetString(release), signedUtc)), cancellationToken);
    }

    private string ReleaseText(string suite, PublishedDebSuite published, IEnumerable<DebReleaseEntry> entries)
    {
        var text = new StringBuilder();
        void Field(string name, string value) => text.Append(name).Append(": ").Append(value).Append('\n');
        Field("Origin", mirror.Value.DebianOrigin ?? site.Value.Id);
        Field("Label", mirror.Value.DebianLabel ?? DebMirrorOptions.DefaultLabel);
        Field("Suite", suite);
        Field("Codename", suite);
        Field("Date", published.ChangedUtc.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Field("Architectures", string.Join(' ', published.Architectures));
        Field("Components", string.Join(' ', published.Components));
        Field("Acquire-By-Hash", "yes");
        text.Append("SHA256:\n");
        foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $" {entry.Sha256} {entry.Size} {entry.Path}\n");
        }

        return text.ToString();
    }
}
