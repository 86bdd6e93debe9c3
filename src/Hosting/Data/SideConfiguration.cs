using Microsoft.Extensions.Configuration;

namespace TransferPipeline.Hosting.Data;

/// <summary>The side's configuration file in its data directory, overridden by SIDE__Section__Key environment variables.</summary>
public static class SideConfiguration
{
    public static IConfigurationBuilder AddSideConfiguration(this IConfigurationBuilder builder, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Side.Names.AddConfiguration(builder, data.ConfigFile);
    }

    public static IConfiguration Build(DataDirectory data) => new ConfigurationBuilder().AddSideConfiguration(data).Build();
}
