using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The notification cursor's table, as a migration each side numbers into its own list (like the audit tables). It starts at
/// the newest audit entry: a database that is upgraded does not notify its past, a new one notifies from its first entry.
/// </summary>
public static class NotificationMigrations
{
    /// <summary>The recorded name of <see cref="CreateCursorTable"/>; never change it.</summary>
    public const string CreateCursorTableName = "notifications.create-cursor";

    private const string CreateCursorTableSql = """
        CREATE TABLE notification_cursor (
            name     TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL
        ) STRICT;

        INSERT INTO notification_cursor (name, sequence)
        SELECT 'dispatcher', COALESCE(MAX(sequence), 0) FROM audit_entries;
        """;

    private const string CreateCursorTablePostgreSql = """
        CREATE TABLE notification_cursor (
            name     TEXT PRIMARY KEY,
            sequence BIGINT NOT NULL
        );

        INSERT INTO notification_cursor (name, sequence)
        SELECT 'dispatcher', COALESCE(MAX(sequence), 0) FROM audit_entries;
        """;

    /// <summary>Creates the cursor table, as migration number <paramref name="version"/>; the audit tables must exist before it.</summary>
    public static Migration CreateCursorTable(int version) =>
        new(version, CreateCursorTableName, CreateCursorTableSql) { PostgreSql = CreateCursorTablePostgreSql };
}
