using TransferPipeline.Hosting;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A side with nothing of its own, for testing what the shared host does with any side's data directory.</summary>
public static class TestHostSide
{
    public static HostSide Side { get; } = new("testside")
    {
        ConsoleTitle = "test side",
        ConsoleAssembly = typeof(TestHostSide).Assembly,
        AuditMirror = "audit.jsonl",
        SiteKeyFile = "keys/site.key",
        DefaultUrls = "http://127.0.0.1:1",
        Migrations = [],
        AddServices = (_, _, _) => { },
        AddDaemon = _ => { },
        MapEndpoints = (_, _) => { },
    };

    /// <summary>A data directory of <see cref="Side"/> at <paramref name="root"/>, created.</summary>
    public static DataDirectory Data(string root)
    {
        Directory.CreateDirectory(root);
        return new DataDirectory(root, Side);
    }
}
