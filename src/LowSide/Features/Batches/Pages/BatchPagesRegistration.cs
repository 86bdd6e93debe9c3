using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Features.Batches.Pages;

internal static class BatchPagesRegistration
{
    public static DaemonBuilder AddBatchPages(this DaemonBuilder daemon)
    {
        daemon.Services.AddConsoleLink("Batches", "/batches", 30, UserRoles.Operator, UserRoles.Auditor);
        return daemon;
    }
}
