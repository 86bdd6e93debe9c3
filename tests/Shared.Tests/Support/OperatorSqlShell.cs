using System.Globalization;
using Npgsql;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The database's own command-line client, as an operator holding the service account uses it to tamper with a site's
/// state: `sqlite3` on the data directory's file, or `psql` on the site's PostgreSQL database. Each spells what differs
/// between the two (reading a file into a value, hex output, switching the append-only triggers off) for the same attack.
/// </summary>
public abstract class OperatorSqlShell
{
    public static OperatorSqlShell Sqlite(string databaseFile) => new SqliteShell(databaseFile);

    public static OperatorSqlShell PostgreSql(string connectionString) => new PostgreSqlShell(connectionString);

    public static OperatorSqlShell For(DatabaseProvider provider, string sqliteFile, string? connectionString) =>
        provider == DatabaseProvider.PostgreSql
            ? PostgreSql(connectionString ?? throw new ArgumentNullException(nameof(connectionString)))
            : Sqlite(sqliteFile);

    /// <summary>Runs <paramref name="sql"/> (one or more statements); a failing statement fails the test with the client's output.</summary>
    public async Task<string> RunAsync(string sql)
    {
        var result = await ProcessRunner.RunAsync(Command(sql), TimeSpan.FromSeconds(30));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result.StandardOutput;
    }

    /// <summary>An SQL expression for the bytes of <paramref name="path"/>, as a BLOB or BYTEA value.</summary>
    public abstract string Bytes(string path);

    /// <summary>An SQL expression for the UTF-8 text of <paramref name="path"/>.</summary>
    public abstract string Text(string path);

    /// <summary>An SQL expression for the hex spelling of a binary column.</summary>
    public abstract string Hex(string column);

    /// <summary>Statements that let DELETE and UPDATE through on the append-only <paramref name="table"/>.</summary>
    public abstract string AllowDeletesOn(string table);

    private protected abstract ProcessCommand Command(string sql);

    private static string HexOf(string path) => Convert.ToHexString(File.ReadAllBytes(path));

    private sealed class SqliteShell(string file) : OperatorSqlShell
    {
        public override string Bytes(string path) => $"readfile('{path}')";

        public override string Text(string path) => $"CAST(readfile('{path}') AS TEXT)";

        public override string Hex(string column) => $"hex({column})";

        // SQLite's append-only rule is a BEFORE DELETE trigger named after the table.
        public override string AllowDeletesOn(string table) => $"DROP TRIGGER IF EXISTS {table}_no_delete;";

        private protected override ProcessCommand Command(string sql) => new(ProcessRunner.Require("sqlite3"), [file, sql]);
    }

    private sealed class PostgreSqlShell(string connectionString) : OperatorSqlShell
    {
        public override string Bytes(string path) => $"'\\x{HexOf(path)}'::bytea";

        public override string Text(string path) => $"convert_from('\\x{HexOf(path)}'::bytea, 'UTF8')";

        public override string Hex(string column) => $"encode({column}, 'hex')";

        // The owner of a table may switch its triggers off; the append-only rule is a pair of triggers on each audit table.
        public override string AllowDeletesOn(string table) => $"ALTER TABLE {table} DISABLE TRIGGER USER;";

        private protected override ProcessCommand Command(string sql)
        {
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            var port = target.Port.ToString(CultureInfo.InvariantCulture);
            return new ProcessCommand(Psql(), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", target.Host!, "-p", port, "-U", target.Username!,
                "-d", target.Database!, "-c", sql])
            {
                Environment = new Dictionary<string, string> { ["PGPASSWORD"] = target.Password ?? "" },
            };
        }

        private static string Psql() =>
            File.Exists("/usr/bin/psql") ? "/usr/bin/psql" : ProcessRunner.Require("psql");
    }
}
