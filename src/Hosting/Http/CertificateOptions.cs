using System.Security.Cryptography.X509Certificates;

namespace TransferPipeline.Hosting.Http;

/// <summary>Http:Certificate: the PEM certificate (chain) and private key a daemon serves https:// with.</summary>
public sealed class CertificateOptions
{
    /// <summary>The certificate, PEM; intermediate certificates may follow it in the same file.</summary>
    public string? Path { get; set; }

    /// <summary>The certificate's private key, PEM (unencrypted; keep the file owner-only).</summary>
    public string? KeyPath { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Path) || !string.IsNullOrWhiteSpace(KeyPath);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The files are not a PEM certificate and its key.</exception>
    public X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(Path!, KeyPath);
}
