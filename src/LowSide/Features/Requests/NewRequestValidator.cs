using FluentValidation;
using TransferPipeline.LowSide.Kinds;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// The one validator for new requests, used by the CLI, the HTTP API and the consumer alike: what
/// every request needs, then the rules of its kind.
/// </summary>
internal sealed class NewRequestValidator : AbstractValidator<NewRequest>
{
    public const int MaxShortField = 200;
    public const int MaxLongField = 4096;
    public const int MaxUrl = 2048;

    public NewRequestValidator()
    {
        RuleFor(r => r.Kind).Must(k => RequestKinds.Find(k) is not null)
            .WithMessage($"kind must be {RequestKinds.Names} (got '{{PropertyValue}}')");
        RuleFor(r => r.Justification).NotEmpty().MaximumLength(MaxLongField).Must(RequestRules.IsPrintable)
            .WithMessage("justification must be printable text");
        RuleFor(r => r.Ticket).MaximumLength(MaxShortField).Must(RequestRules.IsPrintable).WithMessage("ticket must be printable text");
        RuleFor(r => r.Source).NotEmpty().MaximumLength(MaxUrl);
        foreach (var kind in RequestKinds.All)
        {
            When(r => r.Kind == kind.Name, () =>
            {
                RuleFor(r => r.Document).Null().When(_ => kind.MaxDocumentChars == 0).WithMessage($"a {kind.Name} request takes no document");
                RuleFor(r => r.Document).MaximumLength(kind.MaxDocumentChars).When(_ => kind.MaxDocumentChars > 0)
                    .WithMessage($"the document is longer than {kind.MaxDocumentChars} characters");
                Include(kind.Rules);
            });
        }
    }
}
