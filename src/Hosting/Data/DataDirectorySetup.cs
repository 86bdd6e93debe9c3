using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data;

/// <summary>
/// `init` on either side: the data directory and the side's own directories (owner-only), the site's key
/// pair, the database, then the configuration file, written last because its presence is what marks the
/// directory as initialised, and a first audit entry, pinned by a signed checkpoint on a side that signs them.
/// </summary>
public static class DataDirectorySetup
{
    public const string AlreadyInitialized = "already-initialized";
    public const string InvalidSiteId = "invalid-site-id";
    public const string InvalidDatabase = "invalid-database";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="data">Where to create it; must not hold a configuration or a site key yet.</param>
    /// <param name="siteId">This site's id.</param>
    /// <param name="password">The new key's password; empty for an unencrypted key.</param>
    /// <param name="keyPasswordFile">Written as Site:KeyPasswordFile, so the daemon can open the key unattended.</param>
    /// <param name="sections">The side's own configuration sections beside Site, Http and Bus.</param>
    /// <param name="directories">The side's own directories inside the data directory.</param>
    /// <param name="clock">Stamps the first audit entry.</param>
    /// <param name="checkpointSigner">
    /// The side's checkpoint signer over the new key, or null for a side that signs no checkpoints: where every
    /// later entry is covered by a checkpoint, the first must be too, or verification reports it uncovered.
    /// </param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<Outcome<MinisignPublicKey>> CreateAsync(DataDirectory data, string siteId, ReadOnlyMemory<char> password,
        string? keyPasswordFile, JsonObject sections, IEnumerable<string> directories, TimeProvider clock,
        Func<MinisignSecretKey, IAuditCheckpointSigner>? checkpointSigner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sections);
        if (!BatchIdentifiers.IsSiteId(siteId))
        {
            return new Failure(InvalidSiteId, $"site: '{siteId}' is not a site id (1-32 of a-z 0-9 -, not starting or ending with -)",
                FailureKind.Invalid, "site");
        }

        if (File.Exists(data.ConfigFile) || File.Exists(data.SiteKeyPrefix + ".pub"))
        {
            return new Failure(AlreadyInitialized, $"{data.Root} is already initialised; refusing to overwrite its configuration or key",
                FailureKind.Conflict);
        }

        var databaseOptions = DatabaseOptionsFor(data, sections);
        if (!databaseOptions.IsOk)
        {
            return databaseOptions.Error;
        }

        await using var database = SideDatabase.Create(databaseOptions.Value, data);
        await new MigrationRunner(database, data.Side.Migrations, clock).RunAsync(cancellationToken);
        if (await HoldsAuditTrailAsync(database, cancellationToken))
        {
            return new Failure(AlreadyInitialized, $"the {database.Description} already holds a site's audit trail; " +
                "refusing to initialise a second site into it", FailureKind.Conflict);
        }

        if (databaseOptions.Value.Provider != DatabaseProvider.Sqlite)
        {
            sections[DatabaseOptions.Section] = databaseOptions.Value.ToSection();
        }

        foreach (var directory in (string[])[data.Root, data.KeysDirectory, data.LogsDirectory, .. directories])
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        using var key = KeyPairFiles.CreateNew(data.SiteKeyPrefix, password.Span, null, ownerOnly: data.Side.OwnerOnlyFiles);
        var publicKey = key.PublicKey;
        var configuration = Configuration(data, siteId, keyPasswordFile, sections);
        await DurableFile.WriteAllBytesAsync(data.ConfigFile, JsonSerializer.SerializeToUtf8Bytes(configuration, Indented),
            cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var log = new AuditLog(database, data.AuditMirrorFile, clock);
        await log.AppendAsync(HostUser.Actor, data.Side.Name + ".initialized", siteId, new { keyId = publicKey.KeyIdHex }, cancellationToken);
        if (checkpointSigner is not null)
        {
            await log.WriteCheckpointAsync(checkpointSigner(key), cancellationToken);
        }

        return publicKey;
    }

    /// <summary>The Database section the caller passes in <paramref name="sections"/>, overridden by SIDE__Database__ variables.</summary>
    private static Outcome<DatabaseOptions> DatabaseOptionsFor(DataDirectory data, JsonObject sections)
    {
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(sections));
        var configuration = new ConfigurationBuilder().AddJsonStream(json).AddEnvironmentVariables(data.Side.EnvironmentPrefix).Build();
        try
        {
            return SideDatabase.Options(configuration);
        }
        catch (OptionsValidationException ex)
        {
            return new Failure(InvalidDatabase, string.Join("; ", ex.Failures), FailureKind.Invalid, DatabaseOptions.Section);
        }
    }

    private static async Task<bool> HoldsAuditTrailAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM audit_entries", cancellationToken: cancellationToken)) > 0;
    }

    private static JsonObject Configuration(DataDirectory data, string siteId, string? keyPasswordFile, JsonObject sections)
    {
        var configuration = new JsonObject
        {
            ["Site"] = new JsonObject
            {
                ["Id"] = siteId,
                ["KeyFile"] = data.Side.SiteKeyFile,
                ["KeyPasswordFile"] = keyPasswordFile is null ? null : Path.GetFullPath(keyPasswordFile),
            },
        };
        foreach (var (name, section) in sections.ToList())
        {
            sections.Remove(name);
            configuration[name] = section;
        }

        configuration["Http"] = new JsonObject { ["Urls"] = data.Side.DefaultUrls };
        // Host filtering against DNS rebinding: a site serving under a name adds it here (the daemon refuses to start
        // while a host of Http:Urls is missing).
        configuration["AllowedHosts"] = "localhost;127.0.0.1;[::1]";
        configuration["Bus"] = new JsonObject { ["Transport"] = "InMemory" };
        return configuration;
    }
}
