using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>Writes receipts the way the high side does: receipt.json plus a prehashed minisign signature.</summary>
internal sealed class HighSideReceipts : IDisposable
{
    private readonly string _directory;

    public HighSideReceipts(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        Key = MinisignSecretKey.Generate();
        PublicKeyFile = Path.Combine(directory, "high.pub");
        File.WriteAllText(PublicKeyFile, Key.PublicKey.ToFileText());
    }

    /// <summary>What a receipt carries when a test does not care about the high side's audit trail.</summary>
    public static ReceiptAuditHead DefaultAuditHead { get; } = new(1, new string('a', 64));

    public MinisignSecretKey Key { get; }
    public string PublicKeyFile { get; }

    public static string Comment(string site, DateTimeOffset created) => ReceiptFormat.TrustedComment(Receipt(site, created, []));

    public string Write(string name, IEnumerable<string> blobs, DateTimeOffset created, string site = "high-a",
        string? trustedComment = null, MinisignSecretKey? key = null, ReceiptAuditHead? auditHead = null)
    {
        var json = ReceiptFormat.Serialize(Receipt(site, created, [.. blobs]) with { AuditHead = auditHead ?? DefaultAuditHead });
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, json);
        Sign(path, trustedComment ?? Comment(site, created), key);
        return path;
    }

    public void Sign(string path, string trustedComment, MinisignSecretKey? key = null)
    {
        var signature = (key ?? Key).SignPrehashed(Blake2bHash.Compute(File.ReadAllBytes(path), 64), trustedComment, "receipt signature");
        File.WriteAllText(path + ".minisig", signature.ToFileText());
    }

    public void Dispose() => Key.Dispose();

    private static Receipt Receipt(string site, DateTimeOffset created, IReadOnlyList<string> blobs) => new()
    {
        FormatVersion = TransferPipeline.Shared.Receipts.Receipt.CurrentFormatVersion,
        SiteId = site,
        CreatedUtc = created,
        ImportedSequences = [new ReceiptSequence("site-a", 1)],
        Blobs = blobs,
    };
}
