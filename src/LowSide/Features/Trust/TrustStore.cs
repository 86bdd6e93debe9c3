using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.LowSide.Features.Trust;

/// <summary>High-side public keys this low side accepts receipts from: DATA/trust/KEYID.pub.</summary>
internal sealed class TrustStore(DataDirectory data, AuditTrail audit)
{
    public async Task<Outcome<MinisignPublicKey>> AddAsync(string keyFile, CancellationToken ct)
    {
        MinisignPublicKey key;
        try
        {
            key = MinisignPublicKey.Load(keyFile);
        }
        catch (Exception ex) when (ex is MinisignFormatException or IOException)
        {
            return LowSideFailure.Create(LowSideReasons.ValidationFailed, $"key: {keyFile} is not a minisign public key: {ex.Message}", "key");
        }

        Directory.CreateDirectory(data.TrustDirectory());
        await DurableFile.WriteAllBytesAsync(Path.Combine(data.TrustDirectory(), key.KeyIdHex + ".pub"),
            System.Text.Encoding.UTF8.GetBytes(key.ToFileText()), ct);
        await audit.RecordAsync(AuditTrail.System, "trust.key-added", key.KeyIdHex, new { publicKey = key.ToBase64() }, ct);
        return Outcome<MinisignPublicKey>.Success(key);
    }

    public IReadOnlyList<MinisignPublicKey> List() =>
        Directory.Exists(data.TrustDirectory())
            ? [.. Directory.EnumerateFiles(data.TrustDirectory(), "*.pub").Order(StringComparer.Ordinal).Select(MinisignPublicKey.Load)]
            : [];
}
