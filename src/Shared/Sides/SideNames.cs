using System.Text;
using Microsoft.Extensions.Configuration;

namespace TransferPipeline.Shared.Sides;

/// <summary>
/// What one executable of the product (lowside, highside) calls its files and environment variables, from its name: the
/// configuration file and database in its data directory, the data directory's variable, and the prefix of the variables
/// that override the file. The host (Hosting's HostSide) and the low side's Native AOT front both name things through it.
/// </summary>
public sealed class SideNames
{
    private readonly string _upperName;

    public SideNames(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Ascii.IsValid(name))
        {
            throw new ArgumentException("a side's name names files and environment variables: ASCII only", nameof(name));
        }

        Name = name;
        // By ASCII rules: ToUpperInvariant would build the invariant culture's casing tables, a few milliseconds of
        // every command's start.
        _upperName = string.Create(name.Length, name, static (upper, text) => Ascii.ToUpper(text, upper, out _));
    }

    /// <summary>lowside or highside: the executable, its configuration file and its environment variables.</summary>
    public string Name { get; }

    public string ConfigFileName => Name + ".json";

    public string DatabaseFileName => Name + ".db";

    /// <summary>HIGHSIDE__Section__Key overrides Section:Key of the configuration file.</summary>
    public string EnvironmentPrefix => _upperName + "__";

    /// <summary>The data directory when --data is not given: LOWSIDE_DATA or HIGHSIDE_DATA.</summary>
    public string DataVariable => _upperName + "_DATA";

    /// <summary>The side's configuration: <paramref name="configFile"/>, overridden by the side's environment variables.</summary>
    public IConfigurationBuilder AddConfiguration(IConfigurationBuilder builder, string configFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddJsonFile(configFile, optional: false, reloadOnChange: false).AddEnvironmentVariables(EnvironmentPrefix);
    }
}
