namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A self-signed P-256 certificate for 127.0.0.1 made with openssl, as PEM files for Http:Certificate.</summary>
public static class SelfSignedCertificate
{
    public static async Task<(string Certificate, string Key)> CreateAsync(string directory)
    {
        var (certificate, key) = (Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        var made = await ProcessRunner.RunAsync(ProcessRunner.Require("openssl"),
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate],
            timeout: TimeSpan.FromSeconds(30));
        Assert.That(made.ExitCode, Is.Zero, made.ToString());
        return (certificate, key);
    }
}
