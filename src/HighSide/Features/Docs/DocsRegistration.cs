using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.Hosting.WebConsole;

namespace TransferPipeline.HighSide.Features.Docs;

internal static class DocsRegistration
{
    /// <summary>The documentation pages of the console (the air-gapped side cannot read the docs online), for every signed-in role.</summary>
    public static IServiceCollection AddDocs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocsOptions>().Bind(configuration.GetSection(DocsOptions.Section));
        services.AddSingleton<DocsLibrary>();
        services.AddConsoleLink("Documentation", DocsLibrary.RoutePrefix, 80, [.. AccountRoles.All]);
        return services;
    }
}
