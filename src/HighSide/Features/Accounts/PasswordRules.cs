using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>What a password must be, and the one-time initial passwords `account add` and `reset-password` print.</summary>
internal static class PasswordRules
{
    public const int MinimumLength = 12;

    // No 0/O, 1/l/I: the initial password is read off a terminal and typed in.
    private const string InitialAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static Failure? Check(string password, string accountName)
    {
        if (password.Length < MinimumLength)
        {
            return AccountErrors.PasswordWeak($"at least {MinimumLength} characters");
        }

        if (Encoding.UTF8.GetByteCount(password) > PasswordHash.MaxPasswordBytes)
        {
            return AccountErrors.PasswordWeak($"at most {PasswordHash.MaxPasswordBytes} UTF-8 bytes");
        }

        return password.Contains(accountName, StringComparison.OrdinalIgnoreCase) ? AccountErrors.PasswordWeak("must not contain the account name") : null;
    }

    /// <summary>20 characters from a 56-letter alphabet: about 116 bits.</summary>
    public static string NewInitial() => RandomNumberGenerator.GetString(InitialAlphabet, 20);

    public static string Hash(string password) => PasswordHash.Hash(password, PasswordHashStrength.Interactive);
}
