using Microsoft.Data.Sqlite;

namespace TransferPipeline.Hosting.Backup;

/// <summary>Connections to a database file a backup or restore handles itself: unpooled, so closing one lets go of the file.</summary>
internal static class SqliteFiles
{
    public static string Unpooled(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
    }.ToString();
}
