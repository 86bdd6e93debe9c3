using System.CommandLine;
using System.Text.Json;
using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>
/// npm packages from a registry: exact versions named as <c>name@version</c> (nothing resolved for them), or every package a
/// package-lock.json lists (<c>--lock</c>). Published as one package set under the pins or the lock file's label.
/// </summary>
internal sealed class NpmRequestKind() : PinsOrDocumentKind<NpmGatherer>(
    new Argument<string>("REGISTRY_URL") { Description = "Registry base URL, e.g. https://registry.npmjs.org" },
    new Argument<string[]>("PACKAGE@VERSION")
    {
        Description = "Exact versions, e.g. left-pad@1.3.0 @types/node@20.11.5 (their dependencies are not resolved: use --lock)",
    },
    new Option<FileInfo?>("--lock") { Description = "A package-lock.json (lockfileVersion 2 or 3): every package it lists is gathered" })
{
    public override string Name => ArtifactKinds.Npm;

    public override string Description => "Request npm packages (exact versions, or every package of a package-lock.json) from a registry";

    protected override IValidator<NewRequest> CreateRules() => new PinsOrDocumentRules(
        NpmNames.IsRegistry,
        NpmNames.RegistryDescription,
        n => NpmNames.SplitRequested(n) is not null,
        $"1 to {NpmNames.MaxRequestedPackages} distinct name@version pins separated by single spaces (exact versions), or a lock file "
            + "must be given",
        NpmNames.IsLockLabel,
        $"with a lock file, name must be '{NpmNames.LockFileName}' or 'PROJECT/{NpmNames.LockFileName}' (no pins)",
        "name@version",
        "integrity is taken from the registry or the lock file");

    protected override string DocumentLabel(FileInfo file, string text) => NpmNames.LockLabel(ProjectName(text));

    // Only for the label: the gatherer reads the lock file properly.
    private static string? ProjectName(string lockText)
    {
        try
        {
            using var document = JsonDocument.Parse(lockText);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
