using Microsoft.Extensions.Options;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>The high side's own minisign key, loaded on first use; it signs receipts and audit checkpoints.</summary>
internal sealed class SiteKey(DataDirectory data, IOptions<SiteOptions> options) : IDisposable
{
    private readonly Lock _lock = new();
    private MinisignSecretKey? _key;

    public string KeyPath => Path.Combine(data.Root, options.Value.KeyFile);

    public MinisignPublicKey PublicKey => MinisignPublicKey.Load(Path.ChangeExtension(KeyPath, ".pub"));

    public MinisignSecretKey SecretKey
    {
        get
        {
            lock (_lock)
            {
                return _key ??= Load();
            }
        }
    }

    public void Dispose() => _key?.Dispose();

    private MinisignSecretKey Load()
    {
        var passwordFile = options.Value.KeyPasswordFile;
        char[] password = [];
        try
        {
            if (MinisignSecretKey.IsEncrypted(KeyPath))
            {
                password = KeyPasswordSource.Read(passwordFile is null ? null : Path.Combine(data.Root, passwordFile));
            }

            return MinisignSecretKey.Load(KeyPath, password);
        }
        finally
        {
            Array.Clear(password);
        }
    }
}
