using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Users.Passwords;

/// <summary>
/// The new password for `lowside user password`: the first line of standard input when it is redirected
/// (scripts), otherwise asked twice on the terminal without echo.
/// </summary>
internal static class PasswordInput
{
    private const int MaxChars = 1024;

    /// <summary>The password, or null with <paramref name="problem"/> saying why there is none.</summary>
    public static char[]? Read(out string? problem)
    {
        problem = null;
        if (!HiddenConsoleInput.IsAvailable)
        {
            var line = Console.In.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                problem = "no password on standard input (its first line holds the password)";
                return null;
            }

            return line.ToCharArray();
        }

        var password = HiddenConsoleInput.ReadLine("New password: ", MaxChars);
        var repeated = HiddenConsoleInput.ReadLine("Repeat the password: ", MaxChars);
        var same = password.AsSpan().SequenceEqual(repeated);
        Array.Clear(repeated);
        if (same)
        {
            return password;
        }

        Array.Clear(password);
        problem = "the two passwords do not match";
        return null;
    }
}
