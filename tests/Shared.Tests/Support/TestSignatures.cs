using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A ClamAV signature database made by the test: a SHA-256 hash signature (.hsb) of a generated "malicious" file, and a
/// body signature (.ndb) for the EICAR test string. No signatures can be downloaded here, and the official
/// databases are not installed, so these are the only signatures clamscan knows.
/// </summary>
public static class TestSignatures
{
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    /// <summary>The name ClamAV reports for an EICAR match (it adds ".UNOFFICIAL" to signatures of its own making).</summary>
    public const string EicarName = "Tp-Test-Eicar.UNOFFICIAL";

    public const string HashName = "Tp-Test-Payload.UNOFFICIAL";

    /// <summary>The generated file the hash signature matches (64 KiB, fixed seed).</summary>
    public static byte[] MaliciousPayload { get; } = MakePayload();

    /// <summary>Writes the signature files into <paramref name="directory"/> (created) and returns it.</summary>
    public static string WriteDatabase(string directory)
    {
        Directory.CreateDirectory(directory);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(MaliciousPayload));
        File.WriteAllText(Path.Combine(directory, "tp-test.hsb"), $"{sha256}:{MaliciousPayload.Length}:Tp-Test-Payload\n");
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Eicar));
        File.WriteAllText(Path.Combine(directory, "tp-test.ndb"), $"Tp-Test-Eicar:0:*:{hex}\n");
        return directory;
    }

    private static byte[] MakePayload()
    {
        var bytes = new byte[64 * 1024];
        new Random(20261202).NextBytes(bytes);
        return bytes;
    }
}
