using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// A refusal found deep in the copy loop (a value that does not fit its column): thrown to unwind the copy, which rolls
/// the PostgreSQL transaction back, and turned into the move's <see cref="Failure"/> in one place.
/// </summary>
internal sealed class MoveRefusedException(string code, string message) : Exception(message)
{
    public Failure Failure { get; } = new(code, message);
}
