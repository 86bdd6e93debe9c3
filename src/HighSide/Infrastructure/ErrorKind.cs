namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>How an expected failure maps to HTTP statuses and exit codes.</summary>
internal enum ErrorKind
{
    /// <summary>A security rule refused the operation.</summary>
    Refused,

    /// <summary>The named thing does not exist.</summary>
    NotFound,

    /// <summary>The input is malformed.</summary>
    Invalid,

    /// <summary>The thing is not in a state that allows the operation.</summary>
    Conflict,
}
