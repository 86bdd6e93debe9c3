using FluentValidation;
using Microsoft.Extensions.Options;

namespace TransferPipeline.LowSide.Hosting;

/// <summary>Binds an options class to its configuration section and validates it at start.</summary>
internal static class OptionsRegistration
{
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new FluentValidateOptions<TOptions>(section, new TValidator()));
        return services;
    }
}
