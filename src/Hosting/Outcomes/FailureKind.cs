namespace TransferPipeline.Hosting.Outcomes;

/// <summary>What kind of expected failure a <see cref="Failure"/> is: decides its HTTP status and exit code.</summary>
public enum FailureKind
{
    /// <summary>A rule refused the operation (HTTP 422, exit 1).</summary>
    Refused,

    /// <summary>The input is malformed (HTTP 400, exit 1).</summary>
    Invalid,

    /// <summary>The named thing does not exist (HTTP 404, exit 1).</summary>
    NotFound,

    /// <summary>The thing is not in a state that allows the operation (HTTP 409, exit 1).</summary>
    Conflict,

    /// <summary>The caller may not do this (HTTP 403, exit 1).</summary>
    Forbidden,

    /// <summary>There is not enough room on a disk (HTTP 507, exit 1).</summary>
    InsufficientStorage,

    /// <summary>The caller did not prove who they are: a failed sign-in (HTTP 401, exit 1).</summary>
    Unauthenticated,

    /// <summary>Too many attempts; try again later (HTTP 429, exit 1).</summary>
    RateLimited,

    /// <summary>The command line or the data directory it names is wrong (HTTP 400, exit 2).</summary>
    Usage,
}
