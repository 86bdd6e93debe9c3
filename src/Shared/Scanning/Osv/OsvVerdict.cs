namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>Whether one affected entry applies to one installed version.</summary>
internal enum OsvVerdict
{
    NotAffected,
    Affected,

    /// <summary>The installed version or a version in the data is not one the ecosystem's ordering can compare.</summary>
    Uncomparable,
}
