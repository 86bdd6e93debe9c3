using System.Runtime.CompilerServices;
using Dapper;

namespace TransferPipeline.Shared.Persistence;

/// <summary>Registers the Dapper type handlers once per process.</summary>
internal static class DapperTypeHandlers
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        // Dapper emits code at run time. Without it (the low side's Native AOT front) nothing uses Dapper, and the
        // compiler drops this registration, and Dapper with it, from the executable.
        if (!RuntimeFeature.IsDynamicCodeSupported || Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        // Dapper consults its built-in type map before handlers, so the map entries must go first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.AddTypeHandler(typeof(DateTimeOffset), new DateTimeOffsetTypeHandler());
        SqlMapper.AddTypeHandler(typeof(Guid), new GuidTypeHandler());
    }
}
