using System.Net.Http.Json;
using System.Text.Json;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>For each test: the scenario's high side, served by the real `highside serve` on a free loopback port when the test starts it.</summary>
public abstract class HighSideServeTests : HighSideScenarioTests
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected Uri BaseAddress { get; private set; } = null!;

    /// <summary>The daemon's environment; a test may add to it before <see cref="StartServeAsync"/>.</summary>
    protected Dictionary<string, string> ServeEnvironment { get; private set; } = null!;

    protected override bool UsesRealClock => true;

    [SetUp]
    public void SetUpServe()
    {
        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        ServeEnvironment = new Dictionary<string, string> { ["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}" };
    }

    /// <summary>The reason code of a problem answer.</summary>
    protected static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString();
    }

    protected Task<DaemonProcess> StartServeAsync() =>
        ProductExecutable.HighSide(ServeEnvironment).WithData(HighSide.Data.Root).StartServeAsync(new Uri(BaseAddress, "health"), Patience);
}
