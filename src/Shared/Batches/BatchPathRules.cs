using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The names a batch may contain: relative paths of short components drawn from [A-Za-z0-9._-], so that
/// every name is valid on FAT32, exFAT, NTFS and ISO 9660 with Joliet and never needs escaping in
/// SHA256SUMS. Anything else is described precisely so an operator sees what was hostile about it.
/// </summary>
public static class BatchPathRules
{
    /// <summary>Joliet allows 64 characters per name.</summary>
    public const int MaxComponentLength = 64;

    /// <summary>Kept well below Windows' 260 so a volume can be copied under a prefix.</summary>
    public const int MaxPathLength = 180;

    private static readonly HashSet<string> ReservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Returns null when <paramref name="path"/> is acceptable, otherwise why it is not.</summary>
    public static string? Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "is empty";
        }

        if (path.Length > MaxPathLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxPathLength} characters");
        }

        var characterProblem = CheckCharacters(path);
        if (characterProblem is not null)
        {
            return characterProblem;
        }

        if (path[0] == '/')
        {
            return "is an absolute path";
        }

        foreach (var component in path.Split('/'))
        {
            var problem = CheckComponent(component);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// The form in which two names collide on a normalising file system, compared ignoring case
    /// (<see cref="ManifestNameClaims"/>). An ASCII path is returned as it is.
    /// </summary>
    public static string CollisionForm(string path) =>
        path.Normalize(NormalizationForm.FormKC);

    private static string? CheckCharacters(string path)
    {
        foreach (var c in path)
        {
            switch (c)
            {
                case '\0':
                    return "contains a NUL character";
                case '\r' or '\n':
                    return "contains a line break";
                case '\\':
                    return "contains a backslash";
                case ':':
                    return "contains ':' (a drive letter or stream name)";
                case '%':
                    return "contains '%'";
                case ' ':
                    return "contains a space";
                case < ' ' or '\x7f':
                    return "contains a control character";
                case > '\x7f':
                    return "contains a non-ASCII character";
                default:
                    if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '/'))
                    {
                        return $"contains the reserved character '{c}'";
                    }

                    break;
            }
        }

        return null;
    }

    private static string? CheckComponent(string component)
    {
        if (component.Length == 0)
        {
            return "has an empty component ('//' or a trailing '/')";
        }

        if (component is "." or "..")
        {
            return "contains a '.' or '..' component";
        }

        if (component.Length > MaxComponentLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"has a component longer than {MaxComponentLength} characters");
        }

        if (component[0] is '.' or '-')
        {
            return "has a component starting with '.' or '-'";
        }

        if (component[^1] == '.')
        {
            return "has a component ending with '.'";
        }

        var stem = component.Split('.')[0];
        if (ReservedDeviceNames.Contains(stem))
        {
            return $"uses the reserved device name '{stem}'";
        }

        return null;
    }
}
