using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// Python packages from a PEP 503 simple index: every wheel and sdist of exact releases named as <c>name==version</c>
/// (nothing resolved for them), or the hashed files of every requirement of a hash-checking requirements file
/// (<c>--requirements</c>). Published as one package set under the pins or the requirements file's label.
/// </summary>
internal sealed class PyPIRequestKind : GatheringKind<PyPIGatherer>
{
    /// <summary>The longest requirements file a request carries.</summary>
    public const int MaxRequirementsChars = 4 * 1024 * 1024;

    private readonly Argument<string> _index = new("INDEX_URL") { Description = "Simple index URL, e.g. https://pypi.org/simple/" };
    private readonly Argument<string[]> _pins = new("NAME==VERSION")
    {
        Description = "Exact releases, e.g. requests==2.31.0 (every file of each; dependencies are not resolved: use --requirements)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<FileInfo?> _requirements = new("--requirements")
    {
        Description = "A requirements file with hashes (pip-compile --generate-hashes): the hashed files of every requirement are gathered",
    };

    public override string Name => ArtifactKinds.PyPI;

    public override string Description =>
        "Request Python packages (exact releases, or every requirement of a hash-checking requirements.txt) from a simple index";

    public override IValidator<NewRequest> Rules { get; } = new PyPIRequestRules();

    public override int MaxDocumentChars => MaxRequirementsChars;

    public override void AddArguments(Command command)
    {
        command.Add(_index);
        command.Add(_pins);
        command.Add(_requirements);
    }

    // Pins are written in their normal forms (Django==4.2.0-RC1 is django==4.2.0rc1); text that is no pin stays for the rules to refuse.
    public override NewRequest Read(ParseResult parse)
    {
        var request = new NewRequest { Kind = Name, Source = parse.GetValue(_index) };
        var pins = (parse.GetValue(_pins) ?? []).Select(Normalize).ToList();
        if (parse.GetValue(_requirements) is not { } file)
        {
            return request with { Name = pins.Count == 0 ? null : string.Join(' ', pins) };
        }

        // Pins beside a requirements file leave a name the rules refuse, rather than being silently dropped.
        var text = System.IO.File.ReadAllText(file.FullName);
        return request with { Document = text, Name = pins.Count > 0 ? string.Join(' ', pins) : PyPINames.RequirementsLabel(file.Directory?.Name) };
    }

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) => policy.CheckUrl(new Uri(request.Source!), "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, null);

    private static string Normalize(string pin)
    {
        var at = pin.IndexOf("==", StringComparison.Ordinal);
        return at > 0 && PyPINames.Normalize(pin[..at]) is { } name && PyPIVersions.Normalize(pin[(at + 2)..]) is { } version
            ? $"{name}=={version}"
            : pin;
    }
}
