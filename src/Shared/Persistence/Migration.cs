namespace TransferPipeline.Shared.Persistence;

/// <summary>One numbered schema change, applied once in its own transaction.</summary>
/// <param name="Version">Position in the history, counting from 1 without gaps.</param>
/// <param name="Name">A stable name; recorded, and compared at every start to detect edited history.</param>
/// <param name="Sql">The statements to run. They must not open or commit transactions themselves.</param>
public sealed record Migration(int Version, string Name, string Sql);
