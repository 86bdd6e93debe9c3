namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>For each test: the upstream servers and mirrors on 127.0.0.1, and both sites initialised against them.</summary>
internal abstract class PipelineFixture
{
    protected UpstreamServers Upstream { get; private set; } = null!;

    protected PipelineSites Sites { get; private set; } = null!;

    [SetUp]
    public async Task StartPipelineAsync()
    {
        Upstream = await UpstreamServers.StartAsync();
        Sites = await PipelineSites.CreateAsync(Upstream);
    }

    [TearDown]
    public async Task StopPipelineAsync()
    {
        Sites.Dispose();
        await Upstream.DisposeAsync();
    }
}
