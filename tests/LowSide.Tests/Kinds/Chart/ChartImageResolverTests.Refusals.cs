using System.Text;
using TransferPipeline.LowSide.Kinds.Chart;

namespace TransferPipeline.LowSide.Tests.Kinds.Chart;

/// <summary>Charts the resolver refuses, each with a message naming what to fix.</summary>
public sealed partial class ChartImageResolverTests
{
    [Test]
    public void Resolve_MalformedAnnotationReference_RefusedNamingAnnotationAndValue()
    {
        var chart = new TestChart("web").ChartYaml("""
            annotations:
              artifacthub.io/images: |
                - name: ok
                  image: nginx:1.25
                - name: bad
                  image: Example/UPPER:1
            """);

        var error = Refused(chart);

        Assert.That(error.Message, Does.StartWith("Chart.yaml annotation artifacthub.io/images: 'Example/UPPER:1'"));
    }

    [TestCase("artifacthub.io/images: \"image: nginx\"", "is not a YAML list of images")]
    [TestCase("helm.sh/images: \"- name: web\"", "entry 1 names no image")]
    public void Resolve_AnnotationOfTheWrongShape_Refused(string annotation, string reason)
    {
        var error = Refused(new TestChart("web").ChartYaml($"annotations:\n  {annotation}\n"));

        Assert.That(error.Message, Does.Contain(reason));
    }

    [TestCase("values.yaml", "worker:\n  image: \"example/app:bad tag\"\n",
        "values.yaml worker.image: 'example/app:bad tag' is not a usable image reference")]
    [TestCase("templates/job.yaml", "image: example/app:-bad\n", "templates/job.yaml image: 'example/app:-bad'")]
    [TestCase("values.yaml", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nimage: nginx\n", "values.yaml uses the YAML alias *a at line 2")]
    [TestCase("values.yaml", "image: [nginx\n", "values.yaml is not valid YAML")]
    [TestCase("charts/orphan/values.yaml", "image: nginx\n", "charts/orphan: Chart.yaml is missing")]
    public void Resolve_BadFile_RefusedNamingFileAndValue(string path, string content, string message)
    {
        var error = Refused(new TestChart("web").File(path, content));

        Assert.That(error.Message, Does.StartWith(message));
    }

    [Test]
    public void Resolve_DependencyNotVendored_RefusedNamingItAndHelmDependencyBuild()
    {
        var chart = new TestChart("web").Subchart(new TestChart("redis")).ChartYaml("""
            dependencies:
              - name: redis
                version: 18.x
              - name: postgresql
                version: 13.x
            """);

        var error = Refused(chart);

        Assert.That(error.Message, Does.Contain("depends on postgresql, not vendored in charts/").And.Contain("helm dependency build"));
    }

    [Test]
    public void Resolve_SubchartVendoringAChartAboveIt_RefusedAsALoopNamingTheChain()
    {
        var chart = new TestChart("a").Subchart(new TestChart("b").Subchart(new TestChart("a")));

        var error = Refused(chart);

        Assert.That(error.Message, Is.EqualTo("charts/b/charts/a makes a subchart loop: a@1.0.0 → b@1.0.0 → a@1.0.0"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Resolve_SubchartsDeeperThanTheLimit_Refused(bool packaged)
    {
        var chart = new TestChart("d");
        foreach (var name in new[] { "c", "b", "a" })
        {
            chart = packaged ? new TestChart(name).PackagedSubchart(chart) : new TestChart(name).Subchart(chart);
        }

        var error = Refused(chart, new ChartImageLimits { MaxDepth = 2 });

        Assert.That(error.Message, Does.Contain("nests subcharts deeper than 2 levels"));
    }

    [Test]
    public void Resolve_HugeValuesFile_RefusedNamingTheFile()
    {
        var values = new StringBuilder("image: nginx:1.25\n").Append('#', 2 * 1024 * 1024).ToString();

        var error = Refused(new TestChart("web").File("values.yaml", values), new ChartImageLimits { MaxFileBytes = 1024 * 1024 });

        Assert.That(error.Message, Does.StartWith("values.yaml is 2 MiB, over the 1 MiB"));
    }

    [Test]
    public void Resolve_TooManyEntries_Refused()
    {
        var chart = new TestChart("web");
        for (var i = 0; i < 30; i++)
        {
            chart.File($"files/{i}.txt", "x");
        }

        var error = Refused(chart, new ChartImageLimits { MaxEntries = 20 });

        Assert.That(error.Message, Does.StartWith("the chart archive holds more than 20 entries"));
    }

    [Test]
    public void Resolve_ArchiveUnpackingPastTheByteLimit_Refused()
    {
        // Compresses to a few KiB; the limit counts what it unpacks to, nested archives included.
        var inner = new TestChart("blob").File("data.bin", new byte[3 * 1024 * 1024]);
        var chart = new TestChart("web").PackagedSubchart(inner);

        var error = Refused(chart, new ChartImageLimits { MaxArchiveBytes = 2 * 1024 * 1024 });

        Assert.That(error.Message, Does.StartWith("the chart archive unpacks to more than 2 MiB"));
    }

    [Test]
    public void Resolve_MoreImagesThanTheLimit_Refused()
    {
        var values = string.Concat(Enumerable.Range(0, 4).Select(i => $"c{i}:\n  image: example/app:{i}\n"));

        var error = Refused(new TestChart("web").File("values.yaml", values), new ChartImageLimits { MaxImages = 3 });

        Assert.That(error.Message, Does.StartWith("the chart names more than 3 images"));
    }

    [Test]
    public void Resolve_OneSubchartUnderThousandsOfAliases_RefusedPastTheChartsResolved()
    {
        // A hostile chart: each alias makes the resolver read the subchart again, and nesting the trick multiplies it.
        var aliases = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"  - name: worker\n    alias: w{i}\n"));
        var worker = new TestChart("worker").File("values.yaml", "image: example/worker:1\n");
        var chart = new TestChart("web").PackagedSubchart(worker).ChartYaml("dependencies:\n" + aliases);

        var error = Refused(chart);

        Assert.That(error.Message, Does.StartWith("the chart resolves more than 1000 charts"));
    }

    [Test]
    public void Resolve_AliasesOfASubchartWithALargeValuesFile_RefusedPastTheValuesParsed()
    {
        var aliases = string.Concat(Enumerable.Range(0, 40).Select(i => $"  - name: worker\n    alias: w{i}\n"));
        var values = "image: example/worker:1\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"k{i}: padding-{i:D20}\n"));
        var worker = new TestChart("worker").File("values.yaml", values);
        var chart = new TestChart("web").PackagedSubchart(worker).ChartYaml("dependencies:\n" + aliases);

        var error = Refused(chart, new ChartImageLimits { MaxParsedValuesBytes = 8L * 1024 * 1024 });

        Assert.That(error.Message, Does.StartWith("the chart's values files take more than 8 MiB to read"));
    }

    [Test]
    public void Resolve_NotAGzipArchive_Refused()
    {
        using var archive = new MemoryStream(Encoding.UTF8.GetBytes("apiVersion: v2\nname: web\n"));

        var error = Assert.ThrowsAsync<ChartImageException>(
            () => ChartImageResolver.ResolveAsync(archive, new ChartImageLimits(), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("the chart archive is not a readable chart archive (.tgz)"));
    }

    private static ChartImageException Refused(TestChart chart, ChartImageLimits? limits = null) =>
        Assert.ThrowsAsync<ChartImageException>(() => ResolveAsync(chart, limits))!;
}
