using System.CommandLine;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Receipts;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Features.Setup;
using TransferPipeline.HighSide.Features.Signing;
using TransferPipeline.HighSide.Features.Status;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Features.Verification;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Data.PostgreSqlMove;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide;

/// <summary>The `highside` command tree; each feature contributes its verbs.</summary>
internal static class HighSideCommandLine
{
    public static RootCommand Build() =>
        new("highside: imports transfer batches into quarantine, verifies them, gates them on two-person approval and publishes them")
        {
            HighSideHost.Side.DataOption,
            InitCommand.Create(),
            VerifyCommand.Create(),
            SignCommand.Create(),
            TrustCommands.Create(),
            OfficerCommands.Create(),
            AccountCommands.Create(),
            ImportCommand.Create(),
            BatchCommands.Create(),
            DecisionCommands.Create(Decisions.Approve),
            DecisionCommands.Create(Decisions.Reject),
            PublishCommand.Create(),
            ScannerDataCommands.Create(),
            DebianKeyCommand.Create(),
            ReceiptCommands.Create(),
            AuditCommands.Create(),
            StatusCommand.Create(),
            DatabaseCommands.Create(HighSideHost.Side),
            BackupCommands.Backup(HighSideHost.Side),
            BackupCommands.Restore(HighSideHost.Side, RestoreConfirmCommand.Create()),
            ServeCommand.Create(HighSideHost.Side, "Run the daemon: drop-folder watcher, publish schedule, message consumers, HTTP API, health endpoint"),
        };
}
