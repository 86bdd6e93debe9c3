namespace TransferPipeline.Shared.Oci;

/// <summary>Username and password for one registry. <see cref="ToString"/> never shows the password.</summary>
public sealed class RegistryCredential
{
    public RegistryCredential(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Basic-auth username cannot contain ':'.", nameof(username));
        }

        Username = username;
        Password = password;
    }

    public string Username { get; }

    public string Password { get; }

    /// <summary>The value of an <c>Authorization: Basic</c> header.</summary>
    internal string ToBasicParameter() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <inheritdoc />
    public override string ToString() => $"{Username} (password hidden)";
}
