
namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>highside.json in the data directory, overridden by HIGHSIDE__Section__Key environment variables.</summary>
internal static class HighSideConfiguration
{
    public const string EnvironmentPrefix = "HIGHSIDE__";

    public static IConfigurationBuilder AddHighSideSources(this IConfigurationBuilder builder, DataDirectory data) =>
        builder.AddJsonFile(data.ConfigFile, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix);

    public static IConfiguration Build(DataDirectory data) =>
        new ConfigurationBuilder().AddHighSideSources(data).Build();
}
