using System.Text.RegularExpressions;
using FluentValidation;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Kinds.File;

/// <summary>
/// A file request names an http(s) URL whose last segment is a portable file name (what the file is published under, checked
/// again at import: ART-21) and, optionally, the SHA-256 the download must have.
/// </summary>
internal sealed partial class FileRequestRules : AbstractValidator<NewRequest>
{
    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    public const string Sha256Message = "sha256 must be 64 lowercase hex digits";

    public FileRequestRules()
    {
        RuleFor(r => r.Source).Must(RequestRules.IsHttpUrl).When(r => !string.IsNullOrEmpty(r.Source)).WithMessage(RequestRules.HttpUrlMessage)
            .DependentRules(() => RuleFor(r => r.Source)
                .Must(s => PortableFileName.Problem(FileRequestKind.NameOf(s!)) is null)
                .When(r => !string.IsNullOrEmpty(r.Source))
                .WithMessage(r => "the URL's last segment is the name the file is published under, and it is not a portable file name: "
                    + PortableFileName.Problem(FileRequestKind.NameOf(r.Source!))));
        RuleFor(r => r.Sha256).Must(IsSha256).WithMessage(Sha256Message);
        RuleFor(r => r.Name).Null().WithMessage("name is only for charts and scanner data");
        RuleFor(r => r.Platforms).Must(p => p is null || p.Count == 0).WithMessage("platforms are only for images");
    }

    public static bool IsSha256(string? value) => value is null || Sha256Pattern().IsMatch(value);
}
