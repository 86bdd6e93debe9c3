using TransferPipeline.LowSide.Kinds.Chart;

namespace TransferPipeline.LowSide.Tests.Kinds.Chart;

public sealed partial class ChartImageResolverTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Test]
    public async Task Resolve_ArtifactHubAnnotation_FindsEachImage()
    {
        var chart = new TestChart("web").ChartYaml("""
            annotations:
              artifacthub.io/images: |
                - name: web
                  image: ghcr.io/example/web:2.1.0
                - name: proxy
                  image: nginx:1.25
                  whitelisted: true
            """);

        var images = await ResolveAsync(chart);

        Assert.That(images, Is.EqualTo(new[]
        {
            new ChartImage("ghcr.io/example/web:2.1.0", "Chart.yaml annotation artifacthub.io/images"),
            new ChartImage("docker.io/library/nginx:1.25", "Chart.yaml annotation artifacthub.io/images"),
        }));
    }

    [TestCase("- quay.io/example/agent:3\n- busybox\n")]
    [TestCase("- name: agent\n  image: quay.io/example/agent:3\n- image: busybox\n")]
    public async Task Resolve_HelmImagesAnnotation_AcceptsStringsAndMappings(string list)
    {
        var chart = new TestChart("agent").ChartYaml($"annotations:\n  helm.sh/images: {Quoted(list)}\n");

        var images = await ResolveAsync(chart);

        Assert.That(References(images), Is.EqualTo(new[] { "quay.io/example/agent:3", "docker.io/library/busybox:latest" }));
        Assert.That(images[0].Origin, Is.EqualTo("Chart.yaml annotation helm.sh/images"));
    }

    [TestCase("image: redis:7.2", "docker.io/library/redis:7.2", "values.yaml image")]
    [TestCase("image:\n  repository: bitnami/redis\n  tag: 7.2.4\n  pullPolicy: IfNotPresent",
        "docker.io/bitnami/redis:7.2.4", "values.yaml image (repository/tag)")]
    [TestCase("image:\n  registry: registry.example.org:5000\n  repository: team/app\n  tag: \"1.10\"",
        "registry.example.org:5000/team/app:1.10", "values.yaml image (registry/repository/tag)")]
    [TestCase("image:\n  repository: team/app\n  digest: " + Digest,
        "docker.io/team/app@" + Digest, "values.yaml image (repository/digest)")]
    [TestCase("master:\n  sidecarImage: docker.io/nginx", "docker.io/library/nginx:latest", "values.yaml master.sidecarImage")]
    [TestCase("jobs:\n  - name: migrate\n    image: ghcr.io/example/migrate:1", "ghcr.io/example/migrate:1", "values.yaml jobs[0].image")]
    [TestCase("extraImages:\n  cleaner: alpine:3.19\n  exporter:\n    repository: prom/exporter\n    tag: v1",
        "docker.io/library/alpine:3.19", "values.yaml extraImages.cleaner")]
    public async Task Resolve_ValuesImage_AssemblesTheReference(string values, string reference, string origin)
    {
        var images = await ResolveAsync(new TestChart("app").File("values.yaml", values));

        Assert.That(images[0], Is.EqualTo(new ChartImage(reference, origin)));
    }

    [Test]
    public async Task Resolve_ValuesWithoutTag_DefaultsToAppVersion()
    {
        var chart = new TestChart("app").ChartYaml("appVersion: \"2.4.1\"\n")
            .File("values.yaml", "image:\n  repository: example/app\n  tag: \"\"\n");

        var images = await ResolveAsync(chart);

        Assert.That(images, Is.EqualTo(new[]
        {
            new ChartImage("docker.io/example/app:2.4.1", "values.yaml image (repository/appVersion)"),
        }));
    }

    [TestCase("global:\n  imageRegistry: mirror.example.org\n")]
    [TestCase("global:\n  image:\n    registry: mirror.example.org\n")]
    public async Task Resolve_GlobalRegistry_AppliesWhereAnImageHasNone(string global)
    {
        var chart = new TestChart("app").File("values.yaml", global + """
            image:
              repository: example/app
              tag: "1"
            metrics:
              image:
                registry: quay.io
                repository: example/metrics
                tag: "2"
            """);

        var images = await ResolveAsync(chart);

        Assert.That(References(images), Is.EqualTo(new[] { "mirror.example.org/example/app:1", "quay.io/example/metrics:2" }));
        Assert.That(images[0].Origin, Is.EqualTo("values.yaml image (global registry/repository/tag)"));
    }

    [Test]
    public async Task Resolve_ValuesThatAreNotReferences_AreSkipped()
    {
        var chart = new TestChart("app").File("values.yaml", """
            imagePullPolicy: IfNotPresent
            imagePullSecrets: [regcred]
            imageCredentials: {username: admin, password: secret}
            image: ""
            sidecar:
              image: "{{ .Values.global.sidecar }}"
            init:
              image:
                repository: example/init
                tag: "{{ .Chart.Version }}"
            global:
              imageRegistry: ""
            """);

        Assert.That(await ResolveAsync(chart), Is.Empty);
    }

    [Test]
    public async Task Resolve_TemplateLiteralImages_FoundAndTemplatedOnesSkipped()
    {
        var chart = new TestChart("app")
            .File("templates/deployment.yaml", """
                spec:
                  containers:
                    - name: app
                      image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
                    - name: proxy
                      image: "envoyproxy/envoy:v1.29.1"  # pinned
                  initContainers:
                  - image: 'busybox:1.36'
                # image: commented/out:1
                """)
            .File("templates/tests/test-connection.yml", "      image: curlimages/curl:8.5.0\n")
            .File("templates/_helpers.tpl", "image: \"{{ printf \"%s\" .Values.x }}\"\n")
            .File("README.md", "image: not/a-template:1\n");

        var images = await ResolveAsync(chart);

        Assert.That(images, Is.EqualTo(new[]
        {
            new ChartImage("docker.io/envoyproxy/envoy:v1.29.1", "templates/deployment.yaml"),
            new ChartImage("docker.io/library/busybox:1.36", "templates/deployment.yaml"),
            new ChartImage("docker.io/curlimages/curl:8.5.0", "templates/tests/test-connection.yml"),
        }));
    }

    [TestCase("nginx", "docker.io/library/nginx:latest")]
    [TestCase("nginx:1.25", "docker.io/library/nginx:1.25")]
    [TestCase("bitnami/redis:7", "docker.io/bitnami/redis:7")]
    [TestCase("docker.io/nginx", "docker.io/library/nginx:latest")]
    [TestCase("quay.io/prometheus/node-exporter", "quay.io/prometheus/node-exporter:latest")]
    [TestCase("localhost/app:1", "localhost/app:1")]
    [TestCase("registry:5000/app", "registry:5000/app:latest")]
    [TestCase("nginx@" + Digest, "docker.io/library/nginx@" + Digest)]
    [TestCase("ghcr.io/a/b/c:1.0@" + Digest, "ghcr.io/a/b/c:1.0@" + Digest)]
    public async Task Resolve_DockerStyleReference_IsNormalised(string value, string expected)
    {
        var images = await ResolveAsync(new TestChart("app").File("values.yaml", $"image: \"{value}\"\n"));

        Assert.That(References(images), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Resolve_SameImageTwice_KeptOnceWithTheFirstOrigin()
    {
        var chart = new TestChart("app")
            .File("values.yaml", "image: nginx:1.25\nproxy:\n  image: docker.io/library/nginx:1.25\n")
            .File("templates/job.yaml", "image: nginx:1.25\n");

        var images = await ResolveAsync(chart);

        Assert.That(images, Is.EqualTo(new[] { new ChartImage("docker.io/library/nginx:1.25", "values.yaml image") }));
    }

    [Test]
    public async Task Resolve_SubchartDirectory_FindsItsValuesAndTemplates()
    {
        var redis = new TestChart("redis", "18.1.0").ChartYaml("appVersion: 7.2.3\n")
            .File("values.yaml", "master:\n  image:\n    repository: bitnami/redis\n")
            .File("templates/metrics.yaml", "image: oliver006/redis_exporter:v1.55.0\n");
        var chart = new TestChart("web").ChartYaml("dependencies:\n  - name: redis\n    version: 18.x\n").Subchart(redis);

        var images = await ResolveAsync(chart);

        Assert.That(images, Is.EqualTo(new[]
        {
            new ChartImage("docker.io/bitnami/redis:7.2.3", "charts/redis: values.yaml master.image (repository/appVersion)"),
            new ChartImage("docker.io/oliver006/redis_exporter:v1.55.0", "charts/redis: templates/metrics.yaml"),
        }));
    }

    [Test]
    public async Task Resolve_ParentValuesForSubchart_OverrideItsDefaults()
    {
        var redis = new TestChart("redis").File("values.yaml", """
            master:
              image:
                repository: bitnami/redis
                tag: "7.0"
            replica:
              image:
                repository: bitnami/redis
                tag: "7.0"
            """);
        var chart = new TestChart("web").Subchart(redis).File("values.yaml", """
            global:
              imageRegistry: mirror.example.org
            redis:
              master:
                image:
                  tag: "7.2"
            """);

        var images = await ResolveAsync(chart);

        Assert.That(References(images), Is.EqualTo(new[]
        {
            "mirror.example.org/bitnami/redis:7.2",
            "mirror.example.org/bitnami/redis:7.0",
        }));
    }

    [Test]
    public async Task Resolve_AliasedDependencies_ResolveTheSubchartOncePerAlias()
    {
        var worker = new TestChart("worker").File("values.yaml", "image: example/worker:1\n");
        var chart = new TestChart("web").PackagedSubchart(worker).ChartYaml("""
            dependencies:
              - name: worker
                alias: fast
              - name: worker
                alias: slow
            """).File("values.yaml", "slow:\n  image: example/worker:1-slow\n");

        var images = await ResolveAsync(chart);

        Assert.That(References(images), Is.EqualTo(new[] { "docker.io/example/worker:1", "docker.io/example/worker:1-slow" }));
    }

    [Test]
    public async Task Resolve_NestedTgzSubcharts_ReadRecursively()
    {
        var common = new TestChart("common", "2.0.0").File("values.yaml", "image: ghcr.io/example/common:2\n");
        var postgres = new TestChart("postgresql", "13.2.0").PackagedSubchart(common)
            .File("templates/sts.yaml", "        image: \"postgres:16.1\"\n");
        var chart = new TestChart("web").PackagedSubchart(postgres);

        var images = await ResolveAsync(chart);

        Assert.That(images, Is.EqualTo(new[]
        {
            new ChartImage("docker.io/library/postgres:16.1", "charts/postgresql-13.2.0.tgz: templates/sts.yaml"),
            new ChartImage("ghcr.io/example/common:2", "charts/postgresql-13.2.0.tgz/charts/common-2.0.0.tgz: values.yaml image"),
        }));
    }

    private static async Task<IReadOnlyList<ChartImage>> ResolveAsync(TestChart chart, ChartImageLimits? limits = null)
    {
        await using var archive = chart.ToStream();
        return await ChartImageResolver.ResolveAsync(archive, limits ?? new ChartImageLimits(), CancellationToken.None);
    }

    private static string[] References(IEnumerable<ChartImage> images) => [.. images.Select(i => i.Reference)];

    private static string Quoted(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
