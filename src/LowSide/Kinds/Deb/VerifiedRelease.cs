using System.Globalization;
using System.Text;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// The Release text gpgv verified: which suite it is, until when it is valid, whether files may be fetched by hash, the
/// size and SHA-256 of each index below dists/SUITE/, and what it says of itself.
/// </summary>
internal sealed record VerifiedRelease(
    string? Suite,
    string? Codename,
    DateTimeOffset? ValidUntil,
    bool AcquireByHash,
    IReadOnlyDictionary<string, ReleaseFile> Files,
    DebianRelease Description)
{
    /// <summary>A Release (its signed text) larger than this is refused; Debian's main archive's is about 150 KiB.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private static readonly string[] DateFormats =
    [
        "ddd, d MMM yyyy HH:mm:ss 'UTC'", "ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss zzz",
        "ddd, d MMM yyyy H:mm:ss 'UTC'",
    ];

    public static VerifiedRelease Read(string verifiedPath, string repository)
    {
        Deb822Paragraph release;
        try
        {
            using var reader = new StreamReader(verifiedPath, new UTF8Encoding(false, throwOnInvalidBytes: true));
            release = Deb822Reader.Read(reader, (int)MaxBytes).FirstOrDefault() ?? throw new Deb822Exception("no paragraph");
        }
        catch (Exception ex) when (ex is Deb822Exception or DecoderFallbackException)
        {
            throw Invalid(repository, $"its Release is not well-formed: {ex.Message}");
        }

        var validUntil = release["Valid-Until"] is { } text
            ? ParseDate(text) ?? throw Invalid(repository, $"its Release's Valid-Until '{text}' is not a date")
            : (DateTimeOffset?)null;
        return new VerifiedRelease(
            release["Suite"],
            release["Codename"],
            validUntil,
            string.Equals(release["Acquire-By-Hash"], "yes", StringComparison.OrdinalIgnoreCase),
            ReadFiles(release["SHA256"], repository),
            new DebianRelease
            {
                Origin = release["Origin"], Label = release["Label"], Codename = release["Codename"],
                Version = release["Version"], Date = release["Date"],
            });
    }

    /// <summary>Refuses a Release that is for another suite than <paramref name="source"/>'s or is past its Valid-Until.</summary>
    public void CheckFor(DebianSource source, DateTimeOffset now)
    {
        if (Suite != source.Suite && Codename != source.Suite)
        {
            throw Invalid(source.RepositoryText,
                $"its Release for {source.Suite} says it is suite '{Suite}' codename '{Codename}' "
                + "(a Release of another suite served in its place)");
        }

        if (ValidUntil is { } until && until < now)
        {
            throw Invalid(source.RepositoryText,
                $"its Release for {source.Suite} expired at {until:u} (Valid-Until): the mirror is stale or replays an old Release");
        }
    }

    private static Dictionary<string, ReleaseFile> ReadFiles(string? section, string repository)
    {
        var files = new Dictionary<string, ReleaseFile>(StringComparer.Ordinal);
        foreach (var line in (section ?? "").Split('\n').Select(l => l.Trim(' ', '\t')).Where(l => l.Length > 0))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !Sha256Digest.IsHex(parts[0])
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw Invalid(repository, $"its Release has a malformed SHA256 line '{line}'");
            }

            files.TryAdd(parts[2], new ReleaseFile(parts[2], size, parts[0]));
        }

        return files;
    }

    private static DateTimeOffset? ParseDate(string text) =>
        DateTimeOffset.TryParseExact(
            text.Replace("+0000", "+00:00", StringComparison.Ordinal), DateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var date)
            ? date
            : null;

    private static GatherRefusedException Invalid(string repository, string message) =>
        new(LowSideReasons.RepositoryReleaseInvalid, $"repository {repository}: {message}");
}
