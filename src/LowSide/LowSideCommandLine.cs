using System.CommandLine;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Data.PostgreSqlMove;
using TransferPipeline.LowSide.Features.Audit;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Keys;
using TransferPipeline.LowSide.Features.Receipts;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Setup;
using TransferPipeline.LowSide.Features.Status;
using TransferPipeline.LowSide.Features.Trust;
using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide;

/// <summary>The `lowside` command tree; each feature contributes its verbs.</summary>
internal static class LowSideCommandLine
{
    public static RootCommand Build() =>
        new("lowside: files artifact requests, gathers artifacts and cuts signed transfer batches onto removable media")
        {
            LowSideHost.Side.DataOption,
            InitCommand.Create(),
            KeysCommands.Keygen(),
            KeysCommands.Key(),
            RequestCommands.Create(),
            GatherCommand.Create(),
            BatchCommands.Create(),
            ReceiptCommands.Create(),
            TrustCommands.Create(),
            UserCommands.User(),
            UserCommands.Token(),
            StatusCommand.Create(),
            AuditCommands.Create(),
            DatabaseCommands.Create(LowSideHost.Side),
            BackupCommands.Backup(LowSideHost.Side),
            BackupCommands.Restore(LowSideHost.Side),
            ServeCommand.Create(LowSideHost.Side,
                "Run the daemon: HTTP API (Http:Urls), gathering on the bus, the scheduled cut (Batches:Schedule); --role splits them"),
        };
}
