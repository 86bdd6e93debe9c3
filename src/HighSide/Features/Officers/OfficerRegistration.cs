using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.Hosting.WebConsole;

namespace TransferPipeline.HighSide.Features.Officers;

internal static class OfficerRegistration
{
    public static IServiceCollection AddOfficers(this IServiceCollection services) =>
        services.AddSingleton<RosterRepository>().AddSingleton<RosterService>()
            .AddConsoleLink("Officers", "/console/officers", 40, [.. AccountRoles.All]);
}
