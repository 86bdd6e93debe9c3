using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Processes;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// pg_dump and pg_restore (Debian's postgresql-client), run with the site's Npgsql connection string turned into libpq's
/// PG* variables, so a password never appears on a command line. pg_dump takes one consistent snapshot of a database in
/// use; the custom format is what pg_restore reads.
/// </summary>
internal static class PostgreSqlTools
{
    private const int KeptErrorCharacters = 2000;

    public static Task<Failure?> DumpAsync(string connectionString, string file, CancellationToken ct) =>
        RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", file], connectionString, ct);

    /// <summary>Restores into the connection's (empty) database in one transaction: all of it or nothing.</summary>
    public static Task<Failure?> RestoreAsync(string connectionString, string file, CancellationToken ct) =>
        RunAsync("pg_restore",
            ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", Database(connectionString), file],
            connectionString, ct);

    private static string Database(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";

    private static async Task<Failure?> RunAsync(string tool, string[] arguments, string connectionString, CancellationToken ct)
    {
        var info = ToolStartInfo.Create(tool, arguments, Path.GetTempPath());
        foreach (var (name, value) in LibpqEnvironment(connectionString))
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception($"{tool} did not start");
        }
        catch (Win32Exception ex)
        {
            return new Failure(BackupReasons.ToolFailed,
                $"{tool} could not be started ({ex.Message}); install Debian's postgresql-client matching the server's version");
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await output;
            var text = (await errors).Trim();
            return process.ExitCode == 0
                ? null
                : new Failure(BackupReasons.ToolFailed, $"{tool} failed with exit code {process.ExitCode}: " +
                    (text.Length > KeptErrorCharacters ? text[..KeptErrorCharacters] : text));
        }
    }

    private static Dictionary<string, string> LibpqEnvironment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "localhost",
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = builder.Database ?? "",
            ["PGCONNECT_TIMEOUT"] = builder.Timeout.ToString(CultureInfo.InvariantCulture),
        };
        Add(environment, "PGUSER", builder.Username);
        Add(environment, "PGPASSWORD", builder.Password);
        Add(environment, "PGPASSFILE", builder.Passfile);
        Add(environment, "PGSSLMODE", builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        return environment;
    }

    private static void Add(Dictionary<string, string> environment, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            environment[name] = value;
        }
    }
}
