namespace TransferPipeline.Shared.Cli;

/// <summary>Reads a secret from the terminal without echo: key passwords, sign-in passwords.</summary>
public static class HiddenConsoleInput
{
    /// <summary>Whether there is a terminal to ask (standard input is not redirected).</summary>
    public static bool IsAvailable => !Console.IsInputRedirected;

    /// <summary>
    /// Shows <paramref name="prompt"/> on stderr (stdout stays clean for --json output) and reads one line of at
    /// most <paramref name="maxChars"/> characters; the caller clears the returned array when done.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no console after all.</exception>
    /// <exception cref="InvalidDataException">The line is longer than <paramref name="maxChars"/>.</exception>
    public static char[] ReadLine(string prompt, int maxChars)
    {
        Console.Error.Write(prompt);
        var buffer = GC.AllocateArray<char>(maxChars, pinned: true);
        var length = 0;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                length = ApplyKey(buffer, length, key);
            }

            Console.Error.WriteLine();
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            Array.Clear(buffer);
        }
    }

    private static int ApplyKey(char[] buffer, int length, ConsoleKeyInfo key)
    {
        if (key.Key == ConsoleKey.Backspace)
        {
            var shorter = Math.Max(0, length - 1);
            buffer[shorter] = '\0';
            return shorter;
        }

        if (char.IsControl(key.KeyChar))
        {
            return length;
        }

        if (length == buffer.Length)
        {
            throw new InvalidDataException($"Password longer than {buffer.Length} characters.");
        }

        buffer[length] = key.KeyChar;
        return length + 1;
    }
}
