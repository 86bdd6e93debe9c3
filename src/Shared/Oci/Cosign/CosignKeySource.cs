using System.Diagnostics.CodeAnalysis;

namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// Reads one configured cosign key entry: the PEM text itself, or an absolute path to a file holding it. Both sides
/// configure their trusted keys this way, so one operator instruction ("paste the key or name the file") fits both.
/// </summary>
public static class CosignKeySource
{
    /// <summary>Largest key file read; a PEM public key is a few hundred bytes.</summary>
    public const int MaxFileBytes = 16 * 1024;

    private const string PemStart = "-----BEGIN";

    /// <summary>Reads the key or throws <see cref="FormatException"/> saying why it is refused.</summary>
    public static CosignPublicKey Load(string entry) =>
        TryLoad(entry, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>
    /// Parses <paramref name="entry"/> as a PEM public key when it starts with <c>-----BEGIN</c>, otherwise reads the
    /// absolute path it names (at most <see cref="MaxFileBytes"/>). On failure <paramref name="error"/> says why.
    /// </summary>
    public static bool TryLoad([NotNullWhen(true)] string? entry, [NotNullWhen(true)] out CosignPublicKey? key, out string error)
    {
        key = null;
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "the key entry is empty";
            return false;
        }

        if (text.StartsWith(PemStart, StringComparison.Ordinal))
        {
            return CosignPublicKey.TryParsePem(text, out key, out error);
        }

        if (!Path.IsPathFullyQualified(text))
        {
            error = $"'{DisplayText.Printable(text, 80)}' is neither a PEM public key (-----BEGIN PUBLIC KEY-----) nor an absolute path";
            return false;
        }

        var pem = ReadSmallFile(text, out error);
        if (pem is null)
        {
            return false;
        }

        if (CosignPublicKey.TryParsePem(pem, out key, out var parseError))
        {
            return true;
        }

        error = $"{DisplayText.Printable(text, 200)}: {parseError}";
        return false;
    }

    private static string? ReadSmallFile(string path, out string error)
    {
        var shown = DisplayText.Printable(path, 200);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Read one byte past the cap so that a file that grew after a length check cannot slip through.
            var buffer = new byte[MaxFileBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = file.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxFileBytes)
            {
                error = $"{shown} is larger than {MaxFileBytes} bytes; a PEM public key is far shorter";
                return null;
            }

            error = string.Empty;
            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{shown} cannot be read: {DisplayText.Printable(ex.Message, 200)}";
            return null;
        }
    }
}
