using Dapper;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Persistence;

public sealed class DapperTypeHandlerTests
{
    private TempDirectory _temp = null!;
    private SqliteDatabase _database = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _database = new SqliteDatabase(_temp.Combine("state.db"));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _database.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task DateTimeOffset_WithOffset_IsStoredAsUtcIsoTextAndReadBack()
    {
        var instant = new DateTimeOffset(2025, 3, 4, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE t (at TEXT NOT NULL)");

        await connection.ExecuteAsync("INSERT INTO t (at) VALUES (@At)", new { At = instant });
        var stored = await connection.ExecuteScalarAsync<string>("SELECT at FROM t");
        var read = await connection.QuerySingleAsync<DateTimeOffset>("SELECT at FROM t");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Is.EqualTo("2025-03-04T05:08:09.1234567+00:00"));
            Assert.That(read, Is.EqualTo(instant));
            Assert.That(read.Offset, Is.EqualTo(TimeSpan.Zero));
        }
    }

    [Test]
    public async Task NullableDateTimeOffset_Null_RoundTrips()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE t (at TEXT NULL)");

        await connection.ExecuteAsync("INSERT INTO t (at) VALUES (@At)", new { At = (DateTimeOffset?)null });

        Assert.That(await connection.QuerySingleAsync<DateTimeOffset?>("SELECT at FROM t"), Is.Null);
    }

    [Test]
    public async Task Guid_IsStoredAsLowercaseTextAndReadBack()
    {
        var id = Guid.Parse("0F8FAD5B-D9CB-469F-A165-70867728950E");
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE t (id TEXT NOT NULL)");

        await connection.ExecuteAsync("INSERT INTO t (id) VALUES (@Id)", new { Id = id });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT typeof(id) || ':' || id FROM t"),
                Is.EqualTo("text:0f8fad5b-d9cb-469f-a165-70867728950e"));
            Assert.That(await connection.QuerySingleAsync<Guid>("SELECT id FROM t"), Is.EqualTo(id));
        }
    }

    [Test]
    public async Task NullableGuid_Null_RoundTrips()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE t (id TEXT NULL)");

        await connection.ExecuteAsync("INSERT INTO t (id) VALUES (@Id)", new { Id = (Guid?)null });

        Assert.That(await connection.QuerySingleAsync<Guid?>("SELECT id FROM t"), Is.Null);
    }

    [Test]
    public async Task RecordWithTimestampAndId_MapsThroughHandlers()
    {
        var row = new Row(Guid.NewGuid(), new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.Zero), null);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE t (id TEXT NOT NULL, at TEXT NOT NULL, done_at TEXT NULL)");

        await connection.ExecuteAsync("INSERT INTO t (id, at, done_at) VALUES (@Id, @At, @DoneAt)", row);

        Assert.That(await connection.QuerySingleAsync<Row>("SELECT id AS Id, at AS At, done_at AS DoneAt FROM t"), Is.EqualTo(row));
    }

    private sealed record Row(Guid Id, DateTimeOffset At, DateTimeOffset? DoneAt);
}
