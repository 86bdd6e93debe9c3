using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// An OpenPGP public keyring file as gpgv reads it: binary packets as they are, an ASCII-armoured key block
/// (RFC 4880, section 6) de-armoured first, its CRC-24 checked.
/// </summary>
internal static class OpenPgpKeyring
{
    /// <summary>Larger than any real archive keyring (Debian's holds a dozen keys in about 100 KiB).</summary>
    public const long MaxBytes = 4L * 1024 * 1024;

    private const string Begin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private const string End = "-----END PGP PUBLIC KEY BLOCK-----";

    /// <summary>Reads the keyring at <paramref name="path"/> (absolute) as binary packets; false with a reason when it is not one.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out byte[]? packets, [NotNullWhen(false)] out string? error)
    {
        packets = null;
        if (!Path.IsPathFullyQualified(path) || !System.IO.File.Exists(path))
        {
            error = $"keyring '{path}' is not an absolute path to an existing file";
            return false;
        }

        if (new FileInfo(path).Length is 0 or > MaxBytes)
        {
            error = $"keyring '{path}' is empty or larger than {MaxBytes} bytes";
            return false;
        }

        var bytes = System.IO.File.ReadAllBytes(path);
        // A binary keyring starts with a packet tag, whose top bit is always set; armour is ASCII text.
        if ((bytes[0] & 0x80) != 0)
        {
            packets = bytes;
            error = null;
            return true;
        }

        packets = Dearmor(Encoding.ASCII.GetString(bytes));
        error = packets is null ? $"keyring '{path}' is neither binary OpenPGP nor an armoured public key block" : null;
        return packets is not null;
    }

    /// <summary>The packets of the first armoured public key block in <paramref name="text"/>, or null when it is malformed.</summary>
    public static byte[]? Dearmor(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd(' ', '\t')).ToList();
        var begin = lines.IndexOf(Begin);
        var end = begin < 0 ? -1 : lines.IndexOf(End, begin);
        if (end < 0)
        {
            return null;
        }

        // Armour headers ("Version: ...") run up to the first empty line; the body and an optional "=CRC" line follow.
        var body = lines.Skip(begin + 1).Take(end - begin - 1).SkipWhile(l => l.Length > 0).Skip(1).ToList();
        var checksum = body.Count > 0 && body[^1].StartsWith('=') ? body[^1][1..] : null;
        var base64 = string.Concat(checksum is null ? body : body.Take(body.Count - 1));
        try
        {
            var packets = Convert.FromBase64String(base64);
            return packets.Length > 0 && (checksum is null || Convert.FromBase64String(checksum).SequenceEqual(Crc24(packets)))
                ? packets
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Crc24(byte[] data)
    {
        const int Polynomial = 0x1864CFB;
        var crc = 0xB704CE;
        foreach (var b in data)
        {
            crc ^= b << 16;
            for (var i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= Polynomial;
                }
            }
        }

        return [(byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
    }
}
