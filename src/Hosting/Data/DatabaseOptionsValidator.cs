using FluentValidation;
using Npgsql;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data;

internal sealed class DatabaseOptionsValidator : AbstractValidator<DatabaseOptions>
{
    public DatabaseOptionsValidator()
    {
        RuleFor(o => o.Provider).IsInEnum();
        RuleFor(o => o.ConnectionString).NotEmpty()
            .When(o => o.Provider == DatabaseProvider.PostgreSql)
            .WithMessage("PostgreSql needs an Npgsql connection string (Host=...;Port=...;Database=...;Username=...)");
        RuleFor(o => o.ConnectionString).Must(IsConnectionString!)
            .When(o => o.Provider == DatabaseProvider.PostgreSql && !string.IsNullOrWhiteSpace(o.ConnectionString))
            .WithMessage("is not an Npgsql connection string");
        RuleFor(o => o.ConnectionString).Empty()
            .When(o => o.Provider == DatabaseProvider.Sqlite)
            .WithMessage("is for PostgreSql; a Sqlite site keeps its database in the data directory");
    }

    /// <summary>True when <paramref name="connectionString"/> parses as an Npgsql connection string.</summary>
    internal static bool IsConnectionString(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
