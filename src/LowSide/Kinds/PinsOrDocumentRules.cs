using FluentValidation;
using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>
/// The rules of a <see cref="PinsOrDocumentKind{TGatherer}"/> request: a source of the kind's form, and either exact versions
/// (its name: pins separated by single spaces) or a document (its name the document's label, no pins); no version, hash or
/// platforms of its own. A kind supplies its forms and the words of its messages.
/// </summary>
internal sealed class PinsOrDocumentRules : AbstractValidator<NewRequest>
{
    /// <summary>
    /// A source must pass <paramref name="isSource"/> (it must be <paramref name="sourceForm"/>); pins, <paramref name="arePins"/>
    /// (name must be <paramref name="pinsForm"/>); a document's label, <paramref name="isLabel"/> (else <paramref name="labelMessage"/>).
    /// A version is refused as part of the name (<paramref name="pin"/>), a hash with the message <paramref name="hashesFrom"/>.
    /// </summary>
    public PinsOrDocumentRules(
        Func<string?, bool> isSource,
        string sourceForm,
        Func<string?, bool> arePins,
        string pinsForm,
        Func<string?, bool> isLabel,
        string labelMessage,
        string pin,
        string hashesFrom)
    {
        RuleFor(r => r.Source).Must(isSource).When(r => !string.IsNullOrEmpty(r.Source)).WithMessage($"source must be {sourceForm}");
        RuleFor(r => r.Name).Must(arePins).When(r => r.Document is null).WithMessage($"name must be {pinsForm}");
        RuleFor(r => r.Name).Must(isLabel).When(r => r.Document is not null).WithMessage(labelMessage);
        RuleFor(r => r.Version).Null().WithMessage($"versions are part of the name ({pin})");
        RuleFor(r => r.Sha256).Null().WithMessage(hashesFrom);
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }
}
