using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Features.Requests.Pages;

internal static class RequestPagesRegistration
{
    public static DaemonBuilder AddRequestPages(this DaemonBuilder daemon)
    {
        daemon.Services.AddConsoleLink("File a request", "/requests/new", 10, UserRoles.Requester, UserRoles.Operator);
        daemon.Services.AddConsoleLink("Requests", "/requests", 20);
        return daemon;
    }
}
