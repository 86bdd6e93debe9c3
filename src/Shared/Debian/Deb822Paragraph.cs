namespace TransferPipeline.Shared.Debian;

/// <summary>
/// One paragraph of a Debian control file (deb822): its text exactly as read, lines joined by line feeds without a final
/// one, and its fields. A field's value is the text after the colon with surrounding blanks trimmed; the continuation
/// lines of a multi-line field follow it, each after a line feed, as written.
/// </summary>
public sealed class Deb822Paragraph
{
    private readonly Dictionary<string, string> _fields;

    internal Deb822Paragraph(string text, Dictionary<string, string> fields)
    {
        Text = text;
        _fields = fields;
    }

    public string Text { get; }

    /// <summary>Field names in the order written.</summary>
    public IEnumerable<string> Names => _fields.Keys;

    /// <summary>The value of <paramref name="name"/> (compared ignoring case), or null when the paragraph has no such field.</summary>
    public string? this[string name] => _fields.GetValueOrDefault(name);

    /// <summary>The value with its lines joined by spaces: the form relationship fields (Depends, Provides) are read in.</summary>
    public string? Folded(string name) => this[name]?.Replace('\n', ' ');
}
