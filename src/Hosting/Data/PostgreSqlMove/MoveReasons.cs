namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>The reason codes of `db migrate-to-postgres`, stable for scripts.</summary>
public static class MoveReasons
{
    /// <summary>The data directory's configuration does not name SQLite, or its SQLite file is missing.</summary>
    public const string NotSqlite = "not-a-sqlite-site";

    /// <summary>A process of the site wrote a heartbeat within Workers:StaleAfter.</summary>
    public const string SiteRunning = "site-running";

    /// <summary>The PostgreSQL database already has tables.</summary>
    public const string TargetNotEmpty = "target-not-empty";

    /// <summary>The SQLite file's audit chain does not verify: moving it would hide where it broke.</summary>
    public const string AuditChainBroken = "audit-chain-broken";

    /// <summary>The two schemas disagree (tables or columns), or PostgreSQL has a type or key the move cannot handle.</summary>
    public const string SchemaMismatch = "schema-mismatch";

    /// <summary>A SQLite value does not fit its PostgreSQL column.</summary>
    public const string ValueNotConvertible = "value-not-convertible";

    /// <summary>A SQLite row breaks a constraint PostgreSQL enforces (a foreign key SQLite did not check, a duplicate, a NULL).</summary>
    public const string ConstraintViolated = "constraint-violated";

    /// <summary>After the copy, a table's row count or content hash differs between the two sides.</summary>
    public const string VerificationFailed = "verification-failed";
}
