using System.Data.Common;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// Accounts of the high-side daemon; one connection per operation, except the operator's and the holder's changes, which
/// are written in the audited transaction that records them. Every credential change also changes the security stamp.
/// </summary>
internal sealed class AccountRepository(Database database)
{
    private const string Columns = """
        name AS Name, role AS Role, officer AS Officer, password_hash AS PasswordHash, must_change_password AS MustChangePassword,
        totp_secret AS TotpSecret, totp_confirmed_utc AS TotpConfirmedUtc, totp_last_step AS TotpLastStep, totp_issued_utc AS TotpIssuedUtc,
        security_stamp AS SecurityStamp, created_utc AS CreatedUtc, disabled_utc AS DisabledUtc
        """;

    public async Task<AccountRecord?> FindAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM accounts WHERE name = @name", new { name }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            """
            SELECT a.name AS Name, a.role AS Role, a.officer AS Officer, a.totp_confirmed_utc IS NOT NULL AS TotpEnrolled,
                   (SELECT COUNT(*) FROM security_keys k WHERE k.account = a.name) AS SecurityKeys,
                   a.created_utc AS CreatedUtc, a.disabled_utc AS DisabledUtc
            FROM accounts a ORDER BY a.name
            """, cancellationToken: ct))).Select(r => r.ToSummary()).ToList();
    }

    public static async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, AccountRecord account, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO accounts (name, role, officer, password_hash, must_change_password, security_stamp, created_utc)
            VALUES (@Name, @Role, @Officer, @PasswordHash, @MustChangePassword, @SecurityStamp, @CreatedUtc)
            ON CONFLICT (name) DO NOTHING
            """, account, transaction, cancellationToken: ct)) == 1;

    public static async Task<bool> DisableAsync(DbConnection connection, DbTransaction transaction, string name, DateTimeOffset now, string stamp,
        CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET disabled_utc = @now, security_stamp = @stamp WHERE name = @name AND disabled_utc IS NULL",
            new { name, now, stamp }, transaction, cancellationToken: ct)) == 1;

    public static async Task<bool> SetPasswordAsync(DbConnection connection, DbTransaction transaction, string name, string hash, bool mustChange,
        string stamp, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET password_hash = @hash, must_change_password = @mustChange, security_stamp = @stamp WHERE name = @name",
            new { name, hash, mustChange, stamp }, transaction, cancellationToken: ct)) == 1;

    /// <summary>Forgets the TOTP secret and every security key: the next sign-in enrols again.</summary>
    public static async Task<bool> ResetSecondFactorsAsync(DbConnection connection, DbTransaction transaction, string name, string stamp,
        CancellationToken ct)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE accounts SET totp_secret = NULL, totp_confirmed_utc = NULL, totp_last_step = NULL, totp_issued_utc = NULL, security_stamp = @stamp
            WHERE name = @name
            """, new { name, stamp }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM security_keys WHERE account = @name", new { name }, transaction, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>
    /// Keeps <paramref name="secret"/> as the one being enrolled on the page, unless a confirmed one exists or one was issued:
    /// an issued secret stays the account's until its first code confirms it or the second factors are reset.
    /// </summary>
    public async Task<bool> StartTotpEnrolmentAsync(string name, string secret, CancellationToken ct) =>
        await ExecuteAsync(
            """
            UPDATE accounts SET totp_secret = @secret, totp_last_step = NULL
            WHERE name = @name AND totp_confirmed_utc IS NULL AND totp_issued_utc IS NULL
            """, new { name, secret }, ct) == 1;

    /// <summary>Keeps <paramref name="secret"/> as the account's issued authenticator secret, unless a confirmed one exists.</summary>
    public static async Task<bool> IssueTotpAsync(DbConnection connection, DbTransaction transaction, string name, string secret,
        DateTimeOffset issuedUtc, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE accounts SET totp_secret = @secret, totp_last_step = NULL, totp_issued_utc = @issuedUtc
            WHERE name = @name AND totp_confirmed_utc IS NULL
            """, new { name, secret, issuedUtc }, transaction, cancellationToken: ct)) == 1;

    public async Task<bool> ConfirmTotpAsync(string name, string secret, long step, DateTimeOffset now, CancellationToken ct) =>
        await ExecuteAsync(
            """
            UPDATE accounts SET totp_confirmed_utc = @now, totp_last_step = @step
            WHERE name = @name AND totp_secret = @secret AND totp_confirmed_utc IS NULL
            """, new { name, secret, step, now }, ct) == 1;

    /// <summary>
    /// Records <paramref name="step"/> as the last TOTP step used; false when it is not later than the last one, so a code
    /// works once even when two requests race with it.
    /// </summary>
    public async Task<bool> UseTotpStepAsync(string name, long step, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE accounts SET totp_last_step = @step WHERE name = @name AND (totp_last_step IS NULL OR totp_last_step < @step)",
            new { name, step }, ct) == 1;

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    private sealed class Row
    {
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string? Officer { get; set; }
        public string PasswordHash { get; set; } = "";
        public bool MustChangePassword { get; set; }
        public string? TotpSecret { get; set; }
        public DateTimeOffset? TotpConfirmedUtc { get; set; }
        public long? TotpLastStep { get; set; }
        public string SecurityStamp { get; set; } = "";
        public DateTimeOffset CreatedUtc { get; set; }
        public DateTimeOffset? DisabledUtc { get; set; }
        public DateTimeOffset? TotpIssuedUtc { get; set; }

        public AccountRecord ToRecord() => new(Name, Role, Officer, PasswordHash, MustChangePassword, TotpSecret, TotpConfirmedUtc, TotpLastStep,
            SecurityStamp, CreatedUtc, DisabledUtc, TotpIssuedUtc);
    }

    private sealed class SummaryRow
    {
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string? Officer { get; set; }
        public bool TotpEnrolled { get; set; }
        public long SecurityKeys { get; set; }
        public DateTimeOffset CreatedUtc { get; set; }
        public DateTimeOffset? DisabledUtc { get; set; }

        public AccountSummary ToSummary() => new(Name, Role, Officer, TotpEnrolled, (int)SecurityKeys, CreatedUtc, DisabledUtc);
    }
}
