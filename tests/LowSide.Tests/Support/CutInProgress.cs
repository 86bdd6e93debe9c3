using System.Data.Common;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>
/// A cut in the middle of taking a request: its write transaction has written batch <c>site-a-000001</c> (cutting) holding
/// the request, and has not committed. What arrives meanwhile waits for the write lock, and meets the batch once committed.
/// </summary>
internal sealed class CutInProgress : IAsyncDisposable
{
    public const string BatchId = "site-a-000001";

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private CutInProgress(DbConnection connection, DbTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<CutInProgress> TakeAsync(TestSite site, string requestId)
    {
        var database = await site.GetAsync<Database>();
        var connection = await database.OpenAsync(CancellationToken.None);
        var transaction = await database.BeginWriteAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO batches (id, sequence, status, media_directory, volume_size, created_utc)
            VALUES (@BatchId, 1, 'cutting', @Media, 1048576, @Now);
            INSERT INTO batch_requests (batch_id, request_id) VALUES (@BatchId, @Id);
            """, new { BatchId, Media = site.Media, Now = DateTimeOffset.UtcNow, Id = requestId }, transaction);
        return new CutInProgress(connection, transaction);
    }

    /// <summary>Runs <paramref name="change"/> on another thread (SQLite waits for its write lock in the thread that asks), lets it
    /// reach the lock, then commits the cut; returns what the change answered.</summary>
    public async Task<T> CommitWhileAsync<T>(Func<Task<T>> change)
    {
        var waiting = Task.Run(change);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await _transaction.CommitAsync();
        return await waiting;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
