using System.Collections;

namespace TransferPipeline.Shared.Approvals;

/// <summary>
/// The publish plan of a parsed statement, held as places in the statement's text: each line is made when it is read.
/// A publishing run keeps every approval it has verified, and a plan of 2,000 targets as strings took about 600 KB a
/// statement, all of it a second copy of the text the run keeps anyway.
/// </summary>
internal sealed class StatementPlanLines : IReadOnlyList<string>
{
    private readonly string _text;
    private readonly int[] _starts;
    private readonly int[] _lengths;

    private StatementPlanLines(string text, int[] starts, int[] lengths)
    {
        _text = text;
        _starts = starts;
        _lengths = lengths;
    }

    public int Count => _starts.Length;

    public string this[int index] => _text.Substring(_starts[index], _lengths[index]);

    /// <summary>
    /// The <paramref name="count"/> lines of <paramref name="lines"/> (<paramref name="text"/> split at LF) from
    /// <paramref name="first"/> on, each without its first <paramref name="prefix"/> characters.
    /// </summary>
    public static StatementPlanLines Of(string text, string[] lines, int first, int count, int prefix)
    {
        var offset = 0;
        for (var i = 0; i < first; i++)
        {
            offset += lines[i].Length + 1;
        }

        var starts = new int[count];
        var lengths = new int[count];
        for (var i = 0; i < count; i++)
        {
            var line = lines[first + i];
            starts[i] = offset + prefix;
            lengths[i] = line.Length - prefix;
            offset += line.Length + 1;
        }

        return new StatementPlanLines(text, starts, lengths);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < _starts.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
