using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.File;

internal sealed class FileMirrorOptionsValidator : AbstractValidator<FileMirrorOptions>
{
    public FileMirrorOptionsValidator() =>
        RuleFor(o => o.Files).Must(f => f is null || f.Trim().Length > 0).WithMessage("must name a directory when set");
}
