using System.Globalization;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// The counts in the summary <c>par2 verify</c> prints. Its output is untrusted text (the files it read came from media): only
/// exact lines are read, numbers of at most 10 digits, and anything else is ignored.
/// </summary>
internal sealed partial record Par2Report(long DataBlocks, long DataBlocksAvailable, long RecoveryBlocksAvailable, long FilesDamaged)
{
    public long BlocksMissing => DataBlocks - DataBlocksAvailable;

    public static Par2Report? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long? have = null, total = null, recovery = null;
        long damaged = 0;
        foreach (var raw in output.Split('\n'))
        {
            // Progress lines end in CR; the summary's lines come after the last of them.
            var line = raw[(raw.LastIndexOf('\r') + 1)..].Trim();
            if (DataBlocksLine().Match(line) is { Success: true } data)
            {
                (have, total) = (Number(data.Groups[1]), Number(data.Groups[2]));
            }
            else if (RecoveryBlocksLine().Match(line) is { Success: true } blocks)
            {
                recovery = Number(blocks.Groups[1]);
            }
            else if (FilesLine().Match(line) is { Success: true } files)
            {
                damaged += Number(files.Groups[1]);
            }
        }

        return have is { } h && total is { } t && h <= t
            ? new Par2Report(t, h, recovery ?? 0, damaged)
            : null;
    }

    private static long Number(Group group) => long.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^You have ([0-9]{1,10}) out of ([0-9]{1,10}) data blocks available\.\z", RegexOptions.CultureInvariant)]
    private static partial Regex DataBlocksLine();

    [GeneratedRegex(@"^You have ([0-9]{1,10}) recovery blocks? available\.\z", RegexOptions.CultureInvariant)]
    private static partial Regex RecoveryBlocksLine();

    [GeneratedRegex(@"^([0-9]{1,10}) file\(s\) (?:exist but are damaged|are missing)\.\z", RegexOptions.CultureInvariant)]
    private static partial Regex FilesLine();
}
