using System.Globalization;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// Names of the PAR2 recovery files a volume may carry (docs/batch-format.md, section 14): all under <c>recovery/</c>, one
/// recovery set per <c>set-NNNN</c> prefix, par2's own names with its <c>+</c> written as <c>-</c> (the PATH rules have no <c>+</c>).
/// </summary>
public static partial class RecoveryFileNames
{
    public const string Directory = "recovery";

    private const string Prefix = Directory + "/";
    private const int SetLength = 8;

    /// <summary>True for a path in the recovery directory (well-formed or not).</summary>
    public static bool IsRecoveryFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith(Prefix, StringComparison.Ordinal);
    }

    /// <summary>True for a recovery file's path of the form the format allows.</summary>
    public static bool IsWellFormed(string path) => WellFormed().IsMatch(path);

    /// <summary>The set a well-formed recovery file belongs to (<c>set-0001</c>).</summary>
    public static string SetOf(string path) => Path.GetFileName(path)[..SetLength];

    /// <summary>The name of a set's index file, without the directory: <c>set-0001.par2</c>.</summary>
    public static string IndexName(string set) => set + ".par2";

    internal static string SetName(int number) => string.Create(CultureInfo.InvariantCulture, $"set-{number:D4}");

    /// <summary>par2's name for a recovery volume (<c>set-0001.vol00+13.par2</c>) as the format writes it.</summary>
    internal static string FromPar2Name(string name) => name.Replace('+', '-');

    [GeneratedRegex(@"^recovery/set-[0-9]{4}(\.vol[0-9]{1,6}-[0-9]{1,6})?\.par2\z", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
