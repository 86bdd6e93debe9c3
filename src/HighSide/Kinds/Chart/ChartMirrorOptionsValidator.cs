using FluentValidation;

namespace TransferPipeline.HighSide.Kinds.Chart;

internal sealed class ChartMirrorOptionsValidator : AbstractValidator<ChartMirrorOptions>
{
    public ChartMirrorOptionsValidator() =>
        RuleFor(o => o.Charts).Must(c => c is null || c.Trim().Length > 0).WithMessage("must name a directory when set");
}
