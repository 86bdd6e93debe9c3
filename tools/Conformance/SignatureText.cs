using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Conformance;

/// <summary>Edits of manifest.json.minisig as text: its four lines, and the bytes of its two base64 lines.</summary>
internal static class SignatureText
{
    public static string[] Lines(VolumeEdit volume) =>
        File.ReadAllText(volume.PathOf(BatchFileNames.Signature)).TrimEnd('\n').Split('\n');

    public static void Write(VolumeEdit volume, IEnumerable<string> lines) =>
        File.WriteAllText(volume.PathOf(BatchFileNames.Signature), string.Join('\n', lines) + "\n");

    /// <summary>Changes the bytes of base64 line <paramref name="line"/> (0-based) and writes it back canonically.</summary>
    public static void EditBytes(VolumeEdit volume, int line, Func<byte[], byte[]> edit)
    {
        var lines = Lines(volume);
        lines[line] = Convert.ToBase64String(edit(Convert.FromBase64String(lines[line])));
        Write(volume, lines);
    }

    /// <summary>
    /// Sets the unused low bits of the last base64 digit before the padding: the same bytes, but not the canonical
    /// encoding (a lenient decoder reads it, a strict one refuses it).
    /// </summary>
    public static string NonCanonical(string base64)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var last = base64.TrimEnd('=').Length - 1;
        var value = Alphabet.IndexOf(base64[last], StringComparison.Ordinal) | 0x01;
        return string.Concat(base64.AsSpan(0, last), Alphabet[value].ToString(), base64.AsSpan(last + 1));
    }
}
