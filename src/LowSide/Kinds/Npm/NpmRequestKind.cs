using System.CommandLine;
using System.Text.Json;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>
/// npm packages from a registry: exact versions named as <c>name@version</c> (nothing resolved for them), or every package a
/// package-lock.json lists (<c>--lock</c>). Published as one package set under the pins or the lock file's label.
/// </summary>
internal sealed class NpmRequestKind : GatheringKind<NpmGatherer>
{
    /// <summary>The longest lock file a request carries.</summary>
    public const int MaxLockChars = 4 * 1024 * 1024;

    private readonly Argument<string> _registry = new("REGISTRY_URL") { Description = "Registry base URL, e.g. https://registry.npmjs.org" };
    private readonly Argument<string[]> _pins = new("PACKAGE@VERSION")
    {
        Description = "Exact versions, e.g. left-pad@1.3.0 @types/node@20.11.5 (their dependencies are not resolved: use --lock)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<FileInfo?> _lock = new("--lock")
    {
        Description = "A package-lock.json (lockfileVersion 2 or 3): every package it lists is gathered",
    };

    public override string Name => ArtifactKinds.Npm;

    public override string Description => "Request npm packages (exact versions, or every package of a package-lock.json) from a registry";

    public override IValidator<NewRequest> Rules { get; } = new NpmRequestRules();

    public override int MaxDocumentChars => MaxLockChars;

    public override void AddArguments(Command command)
    {
        command.Add(_registry);
        command.Add(_pins);
        command.Add(_lock);
    }

    public override NewRequest Read(ParseResult parse)
    {
        var request = new NewRequest { Kind = Name, Source = parse.GetValue(_registry) };
        var pins = parse.GetValue(_pins) ?? [];
        if (parse.GetValue(_lock) is not { } lockFile)
        {
            return request with { Name = pins.Length == 0 ? null : string.Join(' ', pins) };
        }

        // Pins beside a lock file leave a name the rules refuse, rather than being silently dropped.
        var text = System.IO.File.ReadAllText(lockFile.FullName);
        return request with { Document = text, Name = pins.Length > 0 ? string.Join(' ', pins) : NpmNames.LockLabel(ProjectName(text)) };
    }

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) => policy.CheckUrl(new Uri(request.Source!), "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, null);

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
