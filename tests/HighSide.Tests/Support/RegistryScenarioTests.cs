using TransferPipeline.Shared.Persistence;
using System.Security.Cryptography;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// A real registry (docker-registry on 127.0.0.1) for the whole fixture, and for each test, as in
/// <see cref="HighSideScenarioTests"/>, a fresh scenario and a high side that publishes to that registry.
/// </summary>
public abstract class RegistryScenarioTests(DatabaseProvider provider = DatabaseProvider.Sqlite) : HighSideScenarioTests(provider)
{
    protected RegistryProcess Registry { get; private set; } = null!;

    protected override Uri? RegistryUri => Registry.BaseUri;

    [OneTimeSetUp]
    public async Task StartRegistryAsync() => Registry = await RegistryProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopRegistryAsync() => await Registry.DisposeAsync();

    /// <summary>
    /// "sha256:…" of the manifest or index bytes the registry serves for <paramref name="reference"/>
    /// (repository:tag or repository@digest).
    /// </summary>
    protected async Task<string> ServedDigestAsync(string reference)
    {
        var raw = await Skopeo.InspectRawAsync($"{Registry.Host}/{reference}");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
    }
}
