using System.Data.Common;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// The <c>requests</c> table as the low side reads it: its columns, and a row as an <see cref="ArtifactRequest"/>, mapped by
/// hand over ADO.NET. <see cref="RequestRepository"/> reads requests through it, and so does the Native AOT front
/// (src/LowSide.Front), which compiles this file: `lowside request list` reads through the same code either way.
/// </summary>
internal static class RequestRows
{
    public const string Select = """
        SELECT id, kind, source, name, version, platforms, expected_sha256, requester, requester_name, justification, ticket,
               status, failure, failure_code, resolved_digest, media_type, attempts, parent_id, origin, created_utc, updated_utc
        FROM requests
        """;

    /// <summary>The requests that are not parts of another (parts are listed with their request), oldest first.</summary>
    public const string SelectTopLevel = Select + " WHERE parent_id IS NULL ORDER BY created_utc, id";

    /// <summary>Runs <see cref="SelectTopLevel"/> on an open connection.</summary>
    public static async Task<IReadOnlyList<ArtifactRequest>> ListTopLevelAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectTopLevel;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadAllAsync(reader, ct);
    }

    /// <summary>Every row of <paramref name="reader"/>, which selects <see cref="Select"/>'s columns in its order.</summary>
    public static async Task<IReadOnlyList<ArtifactRequest>> ReadAllAsync(DbDataReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var requests = new List<ArtifactRequest>();
        while (await reader.ReadAsync(ct))
        {
            requests.Add(Read(reader));
        }

        return requests;
    }

    private static ArtifactRequest Read(DbDataReader row) => new()
    {
        Id = row.GetString(0),
        Kind = row.GetString(1),
        Source = row.GetString(2),
        Name = Text(row, 3),
        Version = Text(row, 4),
        Platforms = Text(row, 5) is { } platforms ? platforms.Split(',') : [],
        ExpectedSha256 = Text(row, 6),
        Requester = row.GetString(7),
        RequesterName = Text(row, 8),
        Justification = row.GetString(9),
        Ticket = Text(row, 10),
        Status = row.GetString(11),
        Failure = Text(row, 12),
        FailureCode = Text(row, 13),
        ResolvedDigest = Text(row, 14),
        MediaType = Text(row, 15),
        Attempts = row.GetInt64(16),
        ParentId = Text(row, 17),
        Origin = Text(row, 18),
        CreatedUtc = Instant(row, 19),
        UpdatedUtc = Instant(row, 20),
    };

    private static string? Text(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static DateTimeOffset Instant(DbDataReader row, int ordinal) =>
        StoredInstant.Parse(row.GetValue(ordinal)) ?? throw new InvalidDataException($"requests.{row.GetName(ordinal)} is NULL");
}
