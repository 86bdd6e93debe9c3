using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// The key that signs the apt mirror's Release files: the operator's (Mirrors:DebianSigningKey) when configured, otherwise
/// the high side's own, generated once (by <c>highside init</c>, or on first need with an audit entry) and kept owner-only
/// with its other keys as keys/debian-archive.asc.
/// </summary>
internal sealed class SiteArchiveKey(DataDirectory data, IOptions<DebMirrorOptions> mirror, IOptions<SiteOptions> site, AuditTrail audit,
    TimeProvider clock) : IDisposable
{
    public const string CreatedAction = "debian-key.created";

    /// <summary>The armoured public key's name in the apt mirror's root.</summary>
    public const string PublicKeyFileName = "site-archive-keyring.asc";

    private const int MaxKeyFileBytes = 1024 * 1024;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private OpenPgpSigningKey? _key;

    /// <summary>Where the configured key is read from, or the generated key is kept.</summary>
    public string KeyFile => mirror.Value.DebianSigningKey is { } configured ? data.Resolve(configured) : GeneratedKeyFile(data);

    public bool IsConfigured => mirror.Value.DebianSigningKey is not null;

    public static string GeneratedKeyFile(DataDirectory data) => Path.Combine(data.KeysDirectory, "debian-archive.asc");

    /// <summary>Generates the high side's own key unless it has one; returns it either way.</summary>
    public static async Task<(OpenPgpSigningKey Key, bool Created)> EnsureGeneratedAsync(
        DataDirectory data, string siteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var file = GeneratedKeyFile(data);
        if (System.IO.File.Exists(file))
        {
            return (await ReadAsync(file, cancellationToken), false);
        }

        var key = OpenPgpSigningKey.Generate($"TransferPipeline apt archive ({siteId}) <apt@{siteId}.invalid>", now);
        Directory.CreateDirectory(data.KeysDirectory);
        using var secret = new MemoryStream();
        key.WriteSecret(secret);
        await DurableFile.WriteAllBytesAsync(file, secret.ToArray(), cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (key, true);
    }

    /// <summary>The signing key, read once; the high side's own is generated (and audited) if it has none yet.</summary>
    public async Task<OpenPgpSigningKey> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            if (IsConfigured)
            {
                return _key = await ReadAsync(KeyFile, cancellationToken);
            }

            var (key, created) = await EnsureGeneratedAsync(data, site.Value.Id, clock.GetUtcNow(), cancellationToken);
            if (created)
            {
                await audit.RecordAsync(AuditTrail.System, CreatedAction, key.Fingerprint, new { file = KeyFile }, cancellationToken);
            }

            return _key = key;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>Writes the public key to the apt mirror's root (only when it differs, so a republish leaves it untouched).</summary>
    public static async Task ExportAsync(OpenPgpSigningKey key, string mirrorRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var target = Path.Combine(mirrorRoot, PublicKeyFileName);
        var armoured = key.PublicArmoured();
        if (!System.IO.File.Exists(target) || await System.IO.File.ReadAllTextAsync(target, cancellationToken) != armoured)
        {
            await StagedFile.WriteBytesAsync(target, Encoding.ASCII.GetBytes(armoured), cancellationToken);
        }
    }

    private static async Task<OpenPgpSigningKey> ReadAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            if (new FileInfo(file).Length > MaxKeyFileBytes)
            {
                throw new InvalidDataException($"larger than {MaxKeyFileBytes} bytes");
            }

            await using var stream = new MemoryStream(await System.IO.File.ReadAllBytesAsync(file, cancellationToken));
            return OpenPgpSigningKey.Read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new PublishException(PublishReasons.MirrorFailed, $"the apt archive signing key {file} cannot be used: {ex.Message}");
        }
    }
}
