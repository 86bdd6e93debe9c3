using System.Globalization;
using Dapper;
using Npgsql;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A private PostgreSQL server for one test assembly: its own data directory (on /dev/shm where there is one, so that
/// fsync, which the product insists on, costs little), its own port on 127.0.0.1, started with initdb and pg_ctl from
/// Debian's postgresql package (as the postgres user when the tests run as root) and stopped at the end. A test gets a
/// fresh database in milliseconds by copying a migrated template. Anything that stops the server starting fails the run.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static int _databases;

    private readonly string _directory;
    private readonly string _binaries;

    private PostgreSqlServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's own <c>postgres</c> database, for administration.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public static async Task<PostgreSqlServer> StartAsync()
    {
        var binaries = FindBinaries();
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Directory.CreateTempSubdirectory().FullName;
        Directory.Delete(directory);
        directory = Path.Combine(root, "tp-pg-" + Path.GetFileName(directory));
        Directory.CreateDirectory(directory);
        var server = new PostgreSqlServer(directory, binaries, FreePort.Next());
        try
        {
            await server.InitializeAndStartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Timeout = 30,
    }.ConnectionString;

    /// <summary>The variables that configure side <paramref name="side"/> (LOWSIDE, HIGHSIDE) for a database on a server.</summary>
    public static Dictionary<string, string> SideEnvironment(string side, string connectionString) => new()
    {
        [side + "__Database__Provider"] = "PostgreSql",
        [side + "__Database__ConnectionString"] = connectionString,
    };

    /// <summary>Creates an empty database, or a copy of <paramref name="template"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        // Names made here from digits and a fixed prefix; CREATE DATABASE takes no parameters.
        await connection.ExecuteAsync(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}");
        return ConnectionString(name);
    }

    /// <summary>Runs an administrative statement on the server's own database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a server that would not stop: the next boot clears /dev/shm.
        }
    }

    private static string FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
              ?? throw new InvalidOperationException("/usr/lib/postgresql/*/bin/initdb is missing; run scripts/setup.sh (it installs postgresql)")
            : throw new InvalidOperationException("PostgreSQL is not installed; run scripts/setup.sh (it installs postgresql)");

    private static bool IsRoot => Environment.UserName == "root";

    private async Task InitializeAndStartAsync()
    {
        if (IsRoot)
        {
            // initdb refuses to run as root: the server runs as the postgres user, which must own its directory.
            await RunCheckedAsync("chown", [Superuser + ":" + Superuser, _directory]);
        }

        var data = Path.Combine(_directory, "data");
        await RunCheckedAsync(Path.Combine(_binaries, "initdb"),
            ["-D", data, "-A", "trust", "-U", Superuser, "--no-locale", "-E", "UTF8", "--no-sync"]);
        await RunCheckedAsync(Path.Combine(_binaries, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(_directory, "log"), "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-o", string.Create(CultureInfo.InvariantCulture,
                $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=32MB"),
            "start",
        ]);
    }

    private async Task RunCheckedAsync(string fileName, string[] arguments)
    {
        var result = await RunAsync(fileName, arguments);
        if (result.ExitCode != 0)
        {
            var log = Path.Combine(_directory, "log");
            throw new InvalidOperationException(
                $"PostgreSQL for the tests could not start: '{fileName} {string.Join(' ', arguments)}' failed: {result}" +
                (File.Exists(log) ? "\nserver log:\n" + await File.ReadAllTextAsync(log) : ""));
        }
    }

    private static Task<ProcessResult> RunAsync(string fileName, string[] arguments) =>
        IsRoot && fileName.StartsWith("/usr/lib/postgresql", StringComparison.Ordinal)
            ? ProcessRunner.RunAsync("runuser", ["-u", Superuser, "--", fileName, .. arguments], timeout: StartTimeout)
            : ProcessRunner.RunAsync(fileName, arguments, timeout: StartTimeout);
}
