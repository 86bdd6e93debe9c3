using System.Globalization;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Approvals;

/// <summary>
/// A position in a chain a signature pins: a number and the hash there (the roster's version and its
/// document's SHA-256; the audit trail's sequence and its entry hash). Written as "NUMBER HEX".
/// </summary>
public sealed record StatementAnchor(long Number, string Hash)
{
    /// <exception cref="FormatException">Not "NUMBER HEX".</exception>
    public static StatementAnchor Parse(string text)
    {
        var parts = (text ?? "").Split(' ');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0
            && Sha256Digest.IsHex(parts[1]) && parts[0] == number.ToString(CultureInfo.InvariantCulture)
            ? new StatementAnchor(number, parts[1])
            : throw new FormatException($"'{text}' is not a number and a SHA-256");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} {Hash}");
}
