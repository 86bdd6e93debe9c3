using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Conformance;

/// <summary>
/// The set's signing keys, derived from public seeds so that every run writes the same bytes. They sign nothing but
/// these vectors: anyone can recreate them.
/// </summary>
internal sealed class ConformanceKeys : IDisposable
{
    /// <summary>The site key of every batch (key id without a leading zero nibble).</summary>
    public const string SiteA = "site-a";

    /// <summary>A second key of site-a whose id starts with a zero nibble: minisign prints it with 15 digits.</summary>
    public const string LeadingZero = "site-a-leading-zero";

    /// <summary>A key no vector trusts.</summary>
    public const string Stranger = "stranger";

    private readonly Dictionary<string, (MinisignSecretKey Key, byte[] Seed)> _keys = new(StringComparer.Ordinal);

    public ConformanceKeys()
    {
        Add(SiteA, [0x51, 0x7E, 0xA0, 0x00, 0xC0, 0xF0, 0x12, 0xA5]);
        Add(LeadingZero, [0x28, 0xF3, 0x60, 0x19, 0xB5, 0xBF, 0xD4, 0x03]);
        Add(Stranger, [0x0D, 0xD0, 0x5E, 0xBA, 0x11, 0xAD, 0x7E, 0xC4]);
    }

    public IEnumerable<string> Names => _keys.Keys;

    public MinisignSecretKey this[string name] => _keys[name].Key;

    /// <summary>The key file as the index names it.</summary>
    public static string PublicKeyPath(string name) => $"keys/{name}.pub";

    /// <summary>The raw Ed25519 key, for signatures minisign's prehashed form does not cover (the legacy "Ed").</summary>
    public Ed25519SecretKey Ed25519(string name) => Ed25519SecretKey.ImportSeed(_keys[name].Seed);

    public void Dispose()
    {
        foreach (var (key, seed) in _keys.Values)
        {
            key.Dispose();
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private void Add(string name, byte[] keyId)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes("transferpipeline conformance key " + name));
        _keys.Add(name, (MinisignSecretKey.FromSeed(keyId, seed), seed));
    }
}
