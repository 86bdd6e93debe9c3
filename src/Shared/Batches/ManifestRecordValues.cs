using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>How the manifest's collections on disk write and read the values they share.</summary>
internal static class ManifestRecordValues
{
    /// <summary>A hash as its 32 bytes, any other text as text; the reader is told which by the record's flags.</summary>
    public static void WriteSha256(SequentialRecordFile records, Sha256Value value)
    {
        Span<byte> hash = stackalloc byte[Sha256Value.HashBytes];
        if (value.TryWriteHash(hash))
        {
            records.Write(hash);
        }
        else
        {
            records.WriteText(value.ToString());
        }
    }

    public static Sha256Value ReadSha256(SequentialRecordFile.Reader reader, bool isText) =>
        isText ? Sha256Value.Parse(reader.ReadText()) : Sha256Value.FromHash(reader.ReadBytes(Sha256Value.HashBytes));
}
