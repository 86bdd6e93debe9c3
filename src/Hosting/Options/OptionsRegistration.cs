using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Options;

/// <summary>
/// Binds an options class to its configuration section and validates it: the daemon validates every section at start; a CLI
/// command validates the sections it reads, when it first reads them (see <see cref="Cli.CliRunner"/>).
/// </summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services, IConfiguration configuration, string section, Action<TOptions>? defaults = null)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<TOptions>();
        if (defaults is not null)
        {
            // Runs before the binding, so the configuration file still overrides it.
            builder.Configure(defaults);
        }

        builder.Bind(configuration.GetSection(section)).ValidateOnStart();
        // Built when the options are first read, not at registration: a CLI command constructs (and compiles the rules of) only
        // the validators of the options it uses.
        services.AddSingleton<IValidateOptions<TOptions>>(_ => new FluentOptionsValidation<TOptions>(section, new TValidator()));
        return services;
    }
}
