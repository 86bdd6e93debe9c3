using FluentValidation;

namespace TransferPipeline.LowSide.Kinds.Deb;

internal sealed class DebianOptionsValidator : AbstractValidator<DebianOptions>
{
    public DebianOptionsValidator()
    {
        RuleForEach(o => o.Keyrings).Custom((path, context) =>
        {
            if (!OpenPgpKeyring.TryLoad(path, out _, out var error))
            {
                context.AddFailure(error);
            }
        });
    }
}
