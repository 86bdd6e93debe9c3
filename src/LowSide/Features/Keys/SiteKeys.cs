using Microsoft.Extensions.Options;
using TransferPipeline.LowSide.Hosting;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.LowSide.Features.Keys;

/// <summary>The site's signing key pair in the data directory.</summary>
internal sealed class SiteKeys(IOptions<SiteOptions> options, DataDirectory data)
{
    public string SecretKeyPath => data.Resolve(options.Value.KeyFile);

    public string PublicKeyPath => Path.ChangeExtension(SecretKeyPath, ".pub");

    public MinisignPublicKey LoadPublicKey() => MinisignPublicKey.Load(PublicKeyPath);

    /// <summary>
    /// Loads the secret key for signing: unencrypted as is; encrypted with the password from
    /// Site:KeyPasswordFile, else TP_KEY_PASSWORD, else the terminal.
    /// </summary>
    /// <exception cref="KeyPasswordException">No password available or a wrong one.</exception>
    public MinisignSecretKey LoadSecretKey()
    {
        if (!MinisignSecretKey.IsEncrypted(SecretKeyPath))
        {
            return MinisignSecretKey.Load(SecretKeyPath, []);
        }

        var passwordFile = options.Value.KeyPasswordFile is { Length: > 0 } file ? data.Resolve(file) : null;
        var password = KeyPasswordSource.Read(passwordFile);
        try
        {
            return MinisignSecretKey.Load(SecretKeyPath, password);
        }
        finally
        {
            Array.Clear(password);
        }
    }
}
