using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests;

/// <summary>
/// One real registry (with the test images pushed once) and one file server for the whole run: starting
/// and filling them is the slow part, and every test uses its own data directory anyway.
/// </summary>
[SetUpFixture]
public sealed class SharedServers
{
    public static RegistryProcess Registry { get; private set; } = null!;
    public static StaticFileServer Files { get; private set; } = null!;
    public static TestIndex MultiArch { get; private set; } = null!;
    public static TestImage AppV1 { get; private set; } = null!;
    public static TestImage AppV2 { get; private set; } = null!;

    /// <summary>The private PostgreSQL server of the run, with a migrated low-side template database.</summary>
    internal static PostgreSqlTemplate PostgreSql { get; private set; } = null!;

    /// <summary>Two versions of one image sharing a big base layer.</summary>
    public static TestLayer BigBase { get; } = TestLayer.RandomBytes("opt/base.bin", 2 * 1024 * 1024, seed: 7);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var postgreSql = PostgreSqlTemplate.StartAsync("lowside_template", LowSideMigrations.All);
        Registry = await RegistryProcess.StartAsync(timeout.Token);
        Files = await StaticFileServer.StartAsync();
        MultiArch = await TestImages.PushMultiArchAsync(Registry.Host, "library/multi", "1.0", timeout.Token);
        AppV1 = await TestImages.PushImageAsync(Registry.Host, "library/app", "1.0",
            [BigBase, TestLayer.Textual("etc/version", "1\n")], ct: timeout.Token);
        AppV2 = await TestImages.PushImageAsync(Registry.Host, "library/app", "2.0",
            [BigBase, TestLayer.Textual("etc/version", "2\n")], ct: timeout.Token);
        PostgreSql = await postgreSql;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (PostgreSql is not null)
        {
            await PostgreSql.DisposeAsync();
        }

        if (Files is not null)
        {
            await Files.DisposeAsync();
        }

        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
