using System.CommandLine;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>
/// A kind requested from a source URL as exact versions named on the command line (the request's name: the pins separated by
/// single spaces, nothing resolved for them), or as every package of a document the client already resolved (a lock file, a
/// requirements file: the request's document, its name the document's label): npm, pypi and nuget. Published as one package
/// set under the pins or the label. A kind supplies its arguments, its rules and its document's label.
/// </summary>
internal abstract class PinsOrDocumentKind<TGatherer> : GatheringKind<TGatherer>
    where TGatherer : class, IArtifactGatherer
{
    /// <summary>The longest document a request carries.</summary>
    public const int MaxDocumentLength = 4 * 1024 * 1024;

    private readonly Argument<string> _source;
    private readonly Argument<string[]> _pins;
    private readonly Option<FileInfo?> _document;

    /// <param name="source">The source URL's argument.</param>
    /// <param name="pins">The pins' argument; it takes zero or more.</param>
    /// <param name="document">The document's option.</param>
    protected PinsOrDocumentKind(Argument<string> source, Argument<string[]> pins, Option<FileInfo?> document)
    {
        ArgumentNullException.ThrowIfNull(pins);
        pins.Arity = ArgumentArity.ZeroOrMore;
        (_source, _pins, _document) = (source, pins, document);
    }

    public sealed override int MaxDocumentChars => MaxDocumentLength;

    public sealed override void AddArguments(Command command)
    {
        command.Add(_source);
        command.Add(_pins);
        command.Add(_document);
    }

    public sealed override NewRequest Read(ParseResult parse)
    {
        var request = new NewRequest { Kind = Name, Source = parse.GetValue(_source) };
        var pins = (parse.GetValue(_pins) ?? []).Select(NormalizePin).ToList();
        var named = pins.Count == 0 ? null : string.Join(' ', pins);
        if (parse.GetValue(_document) is not { } file)
        {
            return request with { Name = named };
        }

        // Pins beside a document leave a name the rules refuse, rather than being silently dropped.
        var text = System.IO.File.ReadAllText(file.FullName);
        return request with { Document = text, Name = named ?? DocumentLabel(file, text) };
    }

    public sealed override Failure? CheckSource(NewRequest request, SourcePolicy policy) => policy.CheckUrl(new Uri(request.Source!), "source");

    public sealed override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, null);

    /// <summary>The name of a request made from <paramref name="file"/>, whose text is <paramref name="text"/>.</summary>
    protected abstract string DocumentLabel(FileInfo file, string text);

    /// <summary>A pin in its normal form; text that is no pin stays as it is, for the rules to refuse.</summary>
    protected virtual string NormalizePin(string pin) => pin;
}
