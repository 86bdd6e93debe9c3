using System.CommandLine;
using System.Globalization;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>`highside batch list|show|statement|rescan`: what an officer reviews before deciding.</summary>
internal static class BatchCommands
{
    public static Command Create()
    {
        var list = new Command("list", "List batches in quarantine: id, site, sequence, state, sizes") { CommonOptions.Json };
        list.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var batches = await services.GetRequiredService<BatchQueries>().ListAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(batches);
                return ExitCodes.Ok;
            }

            foreach (var b in batches)
            {
                CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{b.Id,-40} {b.SiteId,-12} {b.Sequence,6} {b.State,-18} {ByteSize.Format(b.PayloadBytes),10} "
                    + $"{b.VolumeCount} vol {b.Artifacts} artifacts {b.ReasonCode}"));
            }

            return ExitCodes.Ok;
        }, ct));

        var showId = new Argument<string>("ID") { Description = "The batch id" };
        var show = new Command("show", "Show a batch: artifacts, sources, digests, sizes, requesters, justifications, changes, approvals")
        {
            showId, CommonOptions.Json,
        };
        show.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<BatchQueries>().ShowAsync(parse.GetValue(showId)!, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(outcome.Value);
            }
            else
            {
                Print(outcome.Value);
            }

            return ExitCodes.Ok;
        }, ct));

        var statementId = new Argument<string>("ID") { Description = "The batch id" };
        var reject = new Option<string?>("--reject") { Description = "Print the rejection statement with this reason instead" };
        var statement = new Command("statement", "Print the exact statement an officer signs (with `highside sign` on their own machine)")
        {
            statementId, reject,
        };
        statement.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var reason = parse.GetValue(reject);
            var outcome = await services.GetRequiredService<ApprovalService>().StatementAsync(parse.GetValue(statementId)!,
                reason is null ? Decisions.Approve : Decisions.Reject, reason, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            Console.Out.Write(outcome.Value.Text);
            return ExitCodes.Ok;
        }, ct));

        return new Command("batch", "Batches in quarantine") { list, show, statement, RescanCommand.Create() };
    }

    private static void Print(BatchDetail d)
    {
        var b = d.Batch;
        CliConsole.Line($"batch {b.Id}: site {b.SiteId}, sequence {b.Sequence}, {b.State}{(b.ReasonCode is null ? "" : $" [{b.ReasonCode}] {d.Reason}")}");
        CliConsole.Line($"manifest sha256 {d.ManifestSha256}, signed by key {d.KeyId}, created {d.CreatedUtc:u}, expires {d.ExpiresUtc:u}");
        CliConsole.Line($"{b.VolumeCount} volume(s), {ByteSize.Format(b.PayloadBytes)}{(b.WaitingFor is null ? "" : $"; {b.WaitingFor}")}");
        foreach (var a in d.Artifacts)
        {
            CliConsole.Line($"- {a.Kind} {a.Name}{(a.Version is null ? "" : ":" + a.Version)}  {a.Digest}  {ByteSize.Format(a.Bytes)}");
            CliConsole.Line($"    source {a.Source}; requested by {a.Requester}{(a.Ticket is null ? "" : $" ({a.Ticket})")}: {a.Justification}");
            CliConsole.Line($"    {a.Change}; {a.NewBlobs} new blob(s), {a.SharedBlobs} shared with the published version");
        }

        CliConsole.Line($"publish plan (sha256 {d.PublishPlanSha256}):");
        foreach (var line in d.PublishPlan)
        {
            CliConsole.Line("  " + line);
        }

        PrintScan(d.Scan);
        CliConsole.Line($"an approval signs the scan as: {d.ScanStatement}");
        if (ApprovalStatement.SaysUnscanned(d.ScanStatement))
        {
            CliConsole.Line("  " + ApprovalStatement.ScanInWords(d.ScanStatement));
        }
        CliConsole.Line($"approvals: {d.ApprovalsCounted} of {d.ApprovalsRequired} required{(d.Unavailable is null ? "" : "; " + d.Unavailable)}");
        foreach (var a in d.Approvals)
        {
            var note = a.Reason is not null ? "reason: " + a.Reason : a.Counts ? "counts" : "does not count: " + a.DiscountedBecause;
            CliConsole.Line($"  {a.Decision} by {a.Officer} (key {a.KeyId}) at {a.RecordedUtc:u}: {note}");
        }
    }

    private static void PrintScan(ScanReport? scan)
    {
        if (scan is null)
        {
            CliConsole.Line("scan: not scanned");
            return;
        }

        CliConsole.Line($"scan: {scan.Outcome} at {scan.FinishedUtc:u}, {scan.Files} file(s), data {scan.DataVersions}"
            + (scan.Error is null ? "" : $": {scan.Error}") + $"; blocking at {scan.BlockAt} and above");
        foreach (var f in scan.Findings)
        {
            var finding = f.Finding;
            CliConsole.Line($"  {(f.Blocking ? "BLOCKS " : "")}{finding.Kind} {finding.Severity} in {f.Artifact}: {finding.Title}");
            CliConsole.Line($"    id {finding.Id}" + (finding.FixedVersion is null ? "" : $"; fixed in {finding.FixedVersion}"));
        }
    }
}
