using System.Data.Common;

namespace TransferPipeline.Shared.Persistence;

/// <summary>Parameters on a provider-neutral <see cref="DbCommand"/>, for the readers that stream rows without Dapper.</summary>
public static class DbCommandExtensions
{
    /// <summary>Adds the parameter <paramref name="name"/> (with its <c>@</c>) holding <paramref name="value"/>; returns it for reuse.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
