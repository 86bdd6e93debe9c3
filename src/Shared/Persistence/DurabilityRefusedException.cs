namespace TransferPipeline.Shared.Persistence;

/// <summary>The database server would lose committed transactions on a crash. The service must not start.</summary>
public sealed class DurabilityRefusedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DurabilityRefusedException()
        : base("The database does not commit durably.")
    {
    }

    /// <summary>Creates the exception with a message for the operator.</summary>
    public DurabilityRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and its cause.</summary>
    public DurabilityRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
