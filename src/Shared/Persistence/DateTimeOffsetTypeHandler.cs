using System.Data;
using Dapper;

namespace TransferPipeline.Shared.Persistence;

/// <summary>Dapper's mapping of <see cref="DateTimeOffset"/> to the schema's text (<see cref="StoredInstant"/>).</summary>
/// <remarks>
/// Implements the untyped interface because Dapper hands a single-column query's NULL to the
/// handler, and only the untyped Parse can answer null for <c>DateTimeOffset?</c>.
/// </remarks>
internal sealed class DateTimeOffsetTypeHandler : SqlMapper.ITypeHandler
{
    public void SetValue(IDbDataParameter parameter, object value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value is DateTimeOffset instant ? StoredInstant.Format(instant) : DBNull.Value;
    }

    public object? Parse(Type destinationType, object value) => StoredInstant.Parse(value);
}
