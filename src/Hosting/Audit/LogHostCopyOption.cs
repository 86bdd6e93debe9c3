using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit;

/// <summary>`audit verify --log-host-copy FILE` on either side: the log host's copy of the side's audit messages as anchors.</summary>
public static class LogHostCopyOption
{
    public static Option<string[]> Create() => new("--log-host-copy")
    {
        Description = "The log host's copy of this side's audit messages (Audit:Syslog): every entry it holds must be there as it was (repeatable)",
    };

    /// <summary>Every anchor in the copies given, each from a message of this side's program.</summary>
    /// <exception cref="FormatException">A copy holds no message of this side's.</exception>
    /// <exception cref="IOException">A copy cannot be read.</exception>
    public static IReadOnlyList<AuditAnchor> Read(ParseResult parse, Option<string[]> option, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(services);
        return AuditLogHostCopy.ReadAll(parse.GetValue(option) ?? [], services.GetRequiredService<DataDirectory>().Side.Name);
    }
}
