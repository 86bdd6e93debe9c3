using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The hosted services of a side's services, started as the daemon starts them (a test adds AddNotifications to a harness's
/// services and runs the notification dispatcher beside the real data layer); stopped on dispose.
/// </summary>
public sealed class RunningHostedServices : IAsyncDisposable
{
    private readonly IHostedService[] _services;

    private RunningHostedServices(IHostedService[] services) => _services = services;

    /// <summary>Notifications to <paramref name="webhook"/>, with retries quick enough for a test.</summary>
    public static IConfiguration NotifyingTo(Uri webhook) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Notifications:Webhooks:0:Url"] = webhook.ToString(),
        ["Notifications:Attempts"] = "3",
        ["Notifications:RetryDelay"] = "00:00:00.050",
        ["Notifications:Timeout"] = "00:00:02",
    }).Build();

    public static async Task<RunningHostedServices> StartAsync(IServiceProvider provider)
    {
        var services = provider.GetServices<IHostedService>().ToArray();
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new RunningHostedServices(services);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
