using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.PyPI;

internal sealed class PyPIMirrorOptionsValidator : AbstractValidator<PyPIMirrorOptions>
{
    public PyPIMirrorOptionsValidator() =>
        RuleFor(o => o.PyPI).Must(d => d is null || d.Trim().Length > 0).WithMessage("must name a directory when set");
}
