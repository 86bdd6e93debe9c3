using System.Text;

namespace TransferPipeline.Shared.Minisign;

/// <summary>Creates a minisign key pair on disk, as <c>minisign -G -p PREFIX.pub -s PREFIX.key</c> would.</summary>
public static class KeyPairFiles
{
    /// <summary>
    /// Generates a key pair and writes PREFIX.key (mode 0600) and PREFIX.pub (mode 0644, or 0600 when
    /// <paramref name="ownerOnly"/>). Refuses if either file exists; if the .pub cannot be written the new
    /// .key is removed again.
    /// </summary>
    /// <param name="prefix">Path without extension.</param>
    /// <param name="password">Empty for an unencrypted secret key.</param>
    /// <param name="limits">scrypt cost; minisign's <see cref="MinisignKdfLimits.Sensitive"/> by default.</param>
    /// <param name="ownerOnly">The public key too is readable by its owner only (a key in an owner-only data directory).</param>
    /// <returns>The new public key.</returns>
    /// <exception cref="IOException">One of the files exists or could not be written.</exception>
    public static MinisignPublicKey WriteNew(string prefix, ReadOnlySpan<char> password, MinisignKdfLimits? limits = null, bool ownerOnly = false)
    {
        using var key = CreateNew(prefix, password, limits, ownerOnly);
        return key.PublicKey;
    }

    /// <summary>
    /// As <see cref="WriteNew"/>, but returns the new secret key for a first signature without reading
    /// it back (and, for an encrypted key, without running scrypt again). The caller disposes it.
    /// </summary>
    /// <exception cref="IOException">One of the files exists or could not be written.</exception>
    public static MinisignSecretKey CreateNew(string prefix, ReadOnlySpan<char> password, MinisignKdfLimits? limits = null, bool ownerOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var keyPath = prefix + ".key";
        var publicKeyPath = prefix + ".pub";
        foreach (var path in (string[])[keyPath, publicKeyPath])
        {
            if (Path.Exists(path))
            {
                throw new IOException($"{path} already exists; refusing to overwrite a key file.");
            }
        }

        var key = MinisignSecretKey.Generate();
        try
        {
            key.Save(keyPath, password, limits);
            WritePublicKey(keyPath, publicKeyPath, key.PublicKey, ownerOnly);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void WritePublicKey(string keyPath, string publicKeyPath, MinisignPublicKey publicKey, bool ownerOnly)
    {
        try
        {
            var mode = ownerOnly ? AtomicFile.SecretMode : AtomicFile.PublicMode;
            AtomicFile.WriteNew(publicKeyPath, Encoding.UTF8.GetBytes(publicKey.ToFileText()), mode);
        }
        catch
        {
            File.Delete(keyPath);
            throw;
        }
    }
}
