using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.Deb;

internal sealed class DebMirrorOptionsValidator : AbstractValidator<DebMirrorOptions>
{
    public DebMirrorOptionsValidator()
    {
        RuleFor(o => o.Debian).Must(d => d is null || d.Trim().Length > 0).WithMessage("must name a directory when set");
        RuleFor(o => o.DebianSigningKey).Must(k => k is null || k.Trim().Length > 0).WithMessage("must name a key file when set");
        RuleFor(o => o.DebianOrigin).Must(IsReleaseValue).WithMessage("must be one line of printable text when set");
        RuleFor(o => o.DebianLabel).Must(IsReleaseValue).WithMessage("must be one line of printable text when set");
    }

    // Written into the Release file as a field's value: a line break would add fields of its own.
    private static bool IsReleaseValue(string? value) =>
        value is null || (value.Trim().Length > 0 && value.Length <= 200 && !value.Any(char.IsControl));
}
