using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Hosting.Site;

/// <summary>
/// The site's own minisign key pair in the data directory: the low side signs batches with it, the high
/// side receipts and audit checkpoints. An encrypted key's password comes from Site:KeyPasswordFile,
/// else TP_KEY_PASSWORD, else the terminal.
/// </summary>
public sealed class SiteKey(IOptions<SiteOptions> options, DataDirectory data) : IDisposable
{
    private readonly Lock _lock = new();
    private MinisignSecretKey? _shared;

    public string SecretKeyPath => data.Resolve(options.Value.KeyFile);

    public string PublicKeyPath => Path.ChangeExtension(SecretKeyPath, ".pub");

    public MinisignPublicKey LoadPublicKey() => MinisignPublicKey.Load(PublicKeyPath);

    /// <summary>Loads the secret key afresh; the caller disposes it.</summary>
    /// <exception cref="KeyPasswordException">No password is available, or it is wrong.</exception>
    public MinisignSecretKey LoadSecretKey() =>
        SecretKeyLoader.Load(SecretKeyPath, options.Value.KeyPasswordFile is { Length: > 0 } file ? data.Resolve(file) : null);

    /// <summary>One secret key kept for the life of this service (for frequent signatures such as checkpoints).</summary>
    public MinisignSecretKey SharedSecretKey
    {
        get
        {
            lock (_lock)
            {
                return _shared ??= LoadSecretKey();
            }
        }
    }

    public void Dispose() => _shared?.Dispose();
}
