using System.CommandLine;
using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// Python packages from a PEP 503 simple index: every wheel and sdist of exact releases named as <c>name==version</c>
/// (nothing resolved for them), or the hashed files of every requirement of a hash-checking requirements file
/// (<c>--requirements</c>). Published as one package set under the pins or the requirements file's label.
/// </summary>
internal sealed class PyPIRequestKind() : PinsOrDocumentKind<PyPIGatherer>(
    new Argument<string>("INDEX_URL") { Description = "Simple index URL, e.g. https://pypi.org/simple/" },
    new Argument<string[]>("NAME==VERSION")
    {
        Description = "Exact releases, e.g. requests==2.31.0 (every file of each; dependencies are not resolved: use --requirements)",
    },
    new Option<FileInfo?>("--requirements")
    {
        Description = "A requirements file with hashes (pip-compile --generate-hashes): the hashed files of every requirement are gathered",
    })
{
    public override string Name => ArtifactKinds.PyPI;

    public override string Description =>
        "Request Python packages (exact releases, or every requirement of a hash-checking requirements.txt) from a simple index";

    protected override IValidator<NewRequest> CreateRules() => new PinsOrDocumentRules(
        PyPINames.IsIndex,
        PyPINames.IndexDescription,
        n => PyPINames.SplitRequested(n) is not null,
        $"1 to {PyPINames.MaxRequestedPackages} distinct name==version pins (PEP 503 normalised names, PEP 440 versions) separated by "
            + "single spaces, or a requirements file must be given",
        PyPINames.IsRequirementsLabel,
        $"with a requirements file, name must be '{PyPINames.RequirementsFileName}' or 'PROJECT/{PyPINames.RequirementsFileName}' (no pins)",
        "name==version",
        "hashes are taken from the index or the requirements file");

    protected override string DocumentLabel(FileInfo file, string text) => PyPINames.RequirementsLabel(file.Directory?.Name);

    // Pins are written in their normal forms (Django==4.2.0-RC1 is django==4.2.0rc1).
    protected override string NormalizePin(string pin)
    {
        var at = pin.IndexOf("==", StringComparison.Ordinal);
        return at > 0 && PyPINames.Normalize(pin[..at]) is { } name && PyPIVersions.Normalize(pin[(at + 2)..]) is { } version
            ? $"{name}=={version}"
            : pin;
    }
}
