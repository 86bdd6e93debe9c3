using TransferPipeline.HighSide.Features.Docs;

namespace TransferPipeline.HighSide.Tests.Features.Docs;

/// <summary>
/// Where the docs are found, and links in a document: another document becomes its console page; web and mail links stay; any
/// other scheme is dropped.
/// </summary>
[TestFixture]
internal sealed class DocsLibraryTests
{
    [TestCase("guide", "adrs/0001-why.md", "/console/docs/adrs/0001-why")]
    [TestCase("adrs/0001-why", "../operations.md#backup", "/console/docs/operations#backup")]
    [TestCase("adrs/0001-why", "../../../../etc/passwd.md", "/console/docs/etc/passwd")]
    [TestCase("guide", "https://example.org/a.md", "https://example.org/a.md")]
    [TestCase("guide", "mailto:ops@example.org", "mailto:ops@example.org")]
    [TestCase("guide", "JavaScript:alert(1)", "#")]
    [TestCase("guide", "data:text/html,<b>x</b>", "#")]
    [TestCase("guide", "#section", "#section")]
    [TestCase("guide", "../deploy/grafana/x.json", "../deploy/grafana/x.json")]
    public void SafeUrl_Link_BecomesAConsolePageOrStaysSafe(string from, string url, string expected) =>
        Assert.That(DocsLibrary.SafeUrl(from, url), Is.EqualTo(expected));

    [Test]
    public async Task FindAsync_NotConfigured_RendersTheRepositoryDocsTheBuildCopiedBesideTheExecutable()
    {
        var library = new DocsLibrary(Microsoft.Extensions.Options.Options.Create(new DocsOptions()));

        var operations = await library.FindAsync("operations", CancellationToken.None);

        Assert.That(library.Directory, Is.EqualTo(Path.Combine(AppContext.BaseDirectory, "docs")));
        Assert.That(library.List().Keys, Does.Contain("operations").And.Contain("highside").And.Some.StartsWith("adrs/"));
        Assert.That(operations?.Title, Is.EqualTo("Operating TransferPipeline"));
        Assert.That(operations!.Html, Does.Contain("id=\"metrics-logs-and-dashboards\"").And.Contain("<table>"));
    }
}
