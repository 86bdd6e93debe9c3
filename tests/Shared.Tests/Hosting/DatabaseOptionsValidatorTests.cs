using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>The Database section as every command reads it first: a bad setting stops the command with a line naming it.</summary>
[TestFixture]
internal sealed class DatabaseOptionsValidatorTests
{
    [TestCase(null, null, DatabaseProvider.Sqlite)]
    [TestCase("Sqlite", "  ", DatabaseProvider.Sqlite)]
    [TestCase("postgresql", "Host=127.0.0.1;Port=5432;Database=tp;Username=tp", DatabaseProvider.PostgreSql)]
    public void Options_Valid_AreBound(string? provider, string? connectionString, DatabaseProvider expected)
    {
        var options = SideDatabase.Options(Configuration(provider, connectionString));

        Assert.That(options.Provider, Is.EqualTo(expected));
    }

    [TestCase("7", null, "configuration Database:Provider: '7' is neither Sqlite nor PostgreSql")]
    [TestCase("PostgreSql", null, "configuration Database:ConnectionString: PostgreSql needs an Npgsql connection string")]
    [TestCase("PostgreSql", " ", "configuration Database:ConnectionString: PostgreSql needs an Npgsql connection string")]
    [TestCase("PostgreSql", "Host=127.0.0.1;Colour=blue", "configuration Database:ConnectionString: is not an Npgsql connection string")]
    [TestCase("Sqlite", "Host=127.0.0.1", "configuration Database:ConnectionString: is for PostgreSql")]
    public void Options_Invalid_RefusedNamingTheSetting(string provider, string? connectionString, string expected)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => SideDatabase.Options(Configuration(provider, connectionString)));

        Assert.That(refused!.Failures, Has.Exactly(1).StartsWith(expected));
    }

    private static IConfiguration Configuration(string? provider, string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
        }).Build();
}
