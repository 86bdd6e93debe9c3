using System.Text;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Shared.Minisign;

/// <summary>
/// Finds the password for a secret key in a CLI: <c>--password-file FILE</c> first, then the
/// <see cref="EnvironmentVariable"/> variable, then the terminal (without echo). Returns a
/// <c>char[]</c> so that callers can zero it (<c>Array.Clear</c>) when done.
/// </summary>
public static class KeyPasswordSource
{
    /// <summary>Environment variable consulted when no password file is given.</summary>
    public const string EnvironmentVariable = "TP_KEY_PASSWORD";

    // minisign's PASSWORDMAXBYTES.
    private const int MaxPasswordChars = 1024;
    private const int MaxPasswordFileBytes = 64 * 1024;

    private const string NoTerminalMessage =
        "No terminal to ask for the key password: use --password-file FILE, set " + EnvironmentVariable +
        ", or --no-password for an unencrypted key.";

    /// <summary>Gets the password of an existing key.</summary>
    /// <param name="passwordFile">Value of <c>--password-file</c>, or null.</param>
    /// <exception cref="KeyPasswordException">No usable password; the message says what to do.</exception>
    public static char[] Read(string? passwordFile) =>
        Resolve(passwordFile, Environment.GetEnvironmentVariable(EnvironmentVariable), TerminalReader(), confirm: false);

    /// <summary>Gets the password for a new key; on a terminal it is asked twice and must match.</summary>
    /// <param name="passwordFile">Value of <c>--password-file</c>, or null.</param>
    /// <exception cref="KeyPasswordException">No usable password, or the two entries differ.</exception>
    public static char[] ReadForNewKey(string? passwordFile) =>
        Resolve(passwordFile, Environment.GetEnvironmentVariable(EnvironmentVariable), TerminalReader(), confirm: true);

    // readHidden shows a prompt and reads one line without echo; null when there is no terminal.
    internal static char[] Resolve(string? passwordFile, string? environmentValue, Func<string, char[]>? readHidden, bool confirm)
    {
        if (passwordFile is not null)
        {
            return ReadFirstLine(passwordFile);
        }

        if (!string.IsNullOrEmpty(environmentValue))
        {
            return environmentValue.ToCharArray();
        }

        if (readHidden is null)
        {
            throw new KeyPasswordException(NoTerminalMessage);
        }

        var password = readHidden(confirm ? "New key password: " : "Key password: ");
        if (password.Length == 0)
        {
            throw new KeyPasswordException("Empty password; use --no-password if the key is not to be encrypted.");
        }

        if (!confirm)
        {
            return password;
        }

        var repeated = readHidden("Repeat the password: ");
        var same = password.AsSpan().SequenceEqual(repeated);
        Array.Clear(repeated);
        if (!same)
        {
            Array.Clear(password);
            throw new KeyPasswordException("The two passwords do not match.");
        }

        return password;
    }

    /// <summary>First line of the file, without its line ending.</summary>
    internal static char[] ReadFirstLine(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyPasswordException($"Password file {path} does not exist.");
        }

        var bytes = GC.AllocateArray<byte>(MaxPasswordFileBytes + 1, pinned: true);
        var chars = GC.AllocateArray<char>(MaxPasswordFileBytes + 1, pinned: true);
        try
        {
            var length = MinisignText.ReadSmallFile(path, bytes);
            if (length > MaxPasswordFileBytes)
            {
                throw new KeyPasswordException($"Password file {path} is larger than {MaxPasswordFileBytes} bytes.");
            }

            var charCount = Encoding.UTF8.GetChars(bytes.AsSpan(0, length), chars);
            var line = chars.AsSpan(0, charCount);
            var newline = line.IndexOf('\n');
            line = newline >= 0 ? line[..newline] : line;
            line = line.EndsWith('\r') ? line[..^1] : line;
            return line.IsEmpty
                ? throw new KeyPasswordException($"Password file {path} is empty (its first line holds the password).")
                : line.ToArray();
        }
        finally
        {
            Array.Clear(bytes);
            Array.Clear(chars);
        }
    }

    private static Func<string, char[]>? TerminalReader() =>
        HiddenConsoleInput.IsAvailable ? ReadHiddenFromConsole : null;

    private static char[] ReadHiddenFromConsole(string prompt)
    {
        try
        {
            return HiddenConsoleInput.ReadLine(prompt, MaxPasswordChars);
        }
        catch (InvalidDataException e)
        {
            throw new KeyPasswordException(e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // Console.ReadKey throws this when there is no console after all.
            throw new KeyPasswordException(NoTerminalMessage, e);
        }
    }
}
