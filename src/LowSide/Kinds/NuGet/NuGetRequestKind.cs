using System.CommandLine;
using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// NuGet packages from a v3 feed: exact versions named as <c>Id@Version</c> (nothing resolved for them), or every package a
/// packages.lock.json resolves (<c>--lock</c>). Published as one package set under the pins or the lock file's label.
/// </summary>
internal sealed class NuGetRequestKind() : PinsOrDocumentKind<NuGetGatherer>(
    new Argument<string>("SERVICE_INDEX") { Description = "The feed's v3 service index URL, e.g. https://api.nuget.org/v3/index.json" },
    new Argument<string[]>("ID@VERSION")
    {
        Description = "Exact normalised versions, e.g. Newtonsoft.Json@13.0.3 (their dependencies are not resolved: use --lock)",
    },
    new Option<FileInfo?>("--lock")
    {
        Description = "A packages.lock.json (RestorePackagesWithLockFile): every package it resolves, for every target, is gathered",
    })
{
    public override string Name => ArtifactKinds.NuGet;

    public override string Description => "Request NuGet packages (exact versions, or every package of a packages.lock.json) from a v3 feed";

    protected override IValidator<NewRequest> CreateRules() => new PinsOrDocumentRules(
        NuGetNames.IsServiceIndex,
        NuGetNames.ServiceIndexDescription,
        n => NuGetNames.SplitRequested(n) is not null,
        $"1 to {NuGetNames.MaxRequestedPackages} distinct Id@Version pins (normalised versions) separated by single spaces, or a lock "
            + "file must be given",
        NuGetNames.IsLockLabel,
        $"with a lock file, name must be '{NuGetNames.LockFileName}' or 'PROJECT/{NuGetNames.LockFileName}' (no pins)",
        "Id@Version",
        "hashes are taken from the feed and the lock file");

    // A lock file lies beside its project, so the project's folder names it.
    protected override string DocumentLabel(FileInfo file, string text) => NuGetNames.LockLabel(file.Directory?.Name);
}
