using FluentValidation;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// One scanner command: a name fit for <c>hook:NAME</c>, an absolute executable, arguments that take the artifact and
/// write the output with known placeholders only, positive bounded limits, known artifact kinds.
/// </summary>
public sealed class ScannerCommandOptionsValidator : AbstractValidator<ScannerCommandOptions>
{
    public const int MaxNameLength = 64;
    public const int MaxTimeoutSeconds = 24 * 60 * 60;
    public const long MaxOutputBytesLimit = 256L * 1024 * 1024;

    public ScannerCommandOptionsValidator()
    {
        RuleFor(o => o.Name)
            .Must(n => n.Length is > 0 and <= MaxNameLength && n.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            .WithMessage($"'{{PropertyValue}}' must be 1 to {MaxNameLength} letters, digits or '-'");
        RuleFor(o => o.Executable)
            .Must(e => !string.IsNullOrWhiteSpace(e) && Path.IsPathFullyQualified(e))
            .WithMessage("'{PropertyValue}' must be an absolute path (the tool is started directly, not looked up in PATH)");
        RuleForEach(o => o.Arguments)
            .Must(a => !ScannerPlaceholders.Unknown(a).Any())
            .WithMessage(a => $"'{{PropertyValue}}' holds an unknown placeholder; the placeholders are {string.Join(", ", ScannerPlaceholders.All)}");
        RuleFor(o => o.Arguments)
            .Must(a => a.Any(x => x.Contains(ScannerPlaceholders.Artifact, StringComparison.Ordinal))
                && a.Any(x => x.Contains(ScannerPlaceholders.Output, StringComparison.Ordinal)))
            .WithMessage($"must pass the artifact ({ScannerPlaceholders.Artifact}) and where to write the output ({ScannerPlaceholders.Output})");
        RuleFor(o => o.Format).IsInEnum();
        RuleFor(o => o.TimeoutSeconds).InclusiveBetween(1, MaxTimeoutSeconds);
        RuleFor(o => o.MaxOutputBytes).InclusiveBetween(1, MaxOutputBytesLimit);
        RuleForEach(o => o.FindingsExitCodes).InclusiveBetween(0, 255);
        RuleForEach(o => o.Kinds).Must(ArtifactKinds.IsKnown).WithMessage($"'{{PropertyValue}}' is not an artifact kind ({ArtifactKinds.Names})");
    }
}
