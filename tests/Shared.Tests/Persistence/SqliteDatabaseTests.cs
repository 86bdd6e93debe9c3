using System.Runtime.Versioning;
using Dapper;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Persistence;

public sealed class SqliteDatabaseTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task OpenAsync_FreshConnection_UsesWalFullSynchronousForeignKeysAndBusyTimeout()
    {
        var database = new SqliteDatabase(_temp.Combine("state.db"));

        await using var connection = await database.OpenAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2), "2 is FULL");
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.EqualTo(5000));
        }
    }

    [Test]
    public async Task OpenAsync_PooledConnectionReused_IsConfiguredAgain()
    {
        var database = new SqliteDatabase(_temp.Combine("state.db"));
        await using (var first = await database.OpenAsync(CancellationToken.None))
        {
            await first.ExecuteAsync("PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL;");
        }

        await using var second = await database.OpenAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await second.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2));
            Assert.That(await second.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
        }
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task OpenAsync_MissingDirectory_CreatesDirectoryAndFileNotWorldReadable()
    {
        var path = _temp.Combine("nested", "deeper", "state.db");
        var database = new SqliteDatabase(path);

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("CREATE TABLE t (x INTEGER)");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(path + "-wal") & WorldBits, Is.EqualTo(UnixFileMode.None));
            Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(path)!) & WorldBits, Is.EqualTo(UnixFileMode.None));
        }
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task OpenAsync_ExistingWorldReadableFile_RemovesWorldAccess()
    {
        var path = _temp.Combine("state.db");
        await File.WriteAllBytesAsync(path, []);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using (await new SqliteDatabase(path).OpenAsync(CancellationToken.None))
        {
        }

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
    }

    private const UnixFileMode WorldBits = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
}
