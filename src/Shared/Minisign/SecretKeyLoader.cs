namespace TransferPipeline.Shared.Minisign;

/// <summary>Opens a minisign secret key file as a person or a service would: an encrypted one with its password.</summary>
public static class SecretKeyLoader
{
    /// <summary>
    /// Loads <paramref name="keyFile"/>; when it is encrypted the password comes from <paramref name="passwordFile"/>,
    /// else TP_KEY_PASSWORD, else the terminal. The password is cleared from memory afterwards.
    /// </summary>
    /// <exception cref="KeyPasswordException">No password is available, or it is wrong.</exception>
    public static MinisignSecretKey Load(string keyFile, string? passwordFile)
    {
        if (!MinisignSecretKey.IsEncrypted(keyFile))
        {
            return MinisignSecretKey.Load(keyFile, []);
        }

        var password = KeyPasswordSource.Read(passwordFile);
        try
        {
            return MinisignSecretKey.Load(keyFile, password);
        }
        finally
        {
            Array.Clear(password);
        }
    }
}
