using FluentValidation;
using Microsoft.Extensions.Options;

namespace TransferPipeline.HighSide.Infrastructure;

internal static class OptionsRegistration
{
    /// <summary>Binds a configuration section to <typeparamref name="T"/>, validated with <typeparamref name="TValidator"/> at start.</summary>
    public static IServiceCollection AddValidatedOptions<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
        where TValidator : class, IValidator<T>
    {
        services.AddSingleton<IValidator<T>, TValidator>();
        services.AddSingleton<IValidateOptions<T>, FluentOptionsValidation<T>>();
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        return services;
    }
}
