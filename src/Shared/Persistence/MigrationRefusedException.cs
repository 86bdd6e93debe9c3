namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// The database's recorded schema history does not fit this build: it is newer than the code, or
/// a recorded migration differs from the code's. The service must not start.
/// </summary>
public sealed class MigrationRefusedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public MigrationRefusedException()
        : base("The database schema does not match this build.")
    {
    }

    /// <summary>Creates the exception with a message for the operator.</summary>
    public MigrationRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and its cause.</summary>
    public MigrationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
