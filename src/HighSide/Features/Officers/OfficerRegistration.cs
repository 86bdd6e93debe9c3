using TransferPipeline.HighSide.Features.Approval.Pages;
using TransferPipeline.Hosting.WebConsole;

namespace TransferPipeline.HighSide.Features.Officers;

internal static class OfficerRegistration
{
    public static IServiceCollection AddOfficers(this IServiceCollection services) =>
        services.AddSingleton<RosterRepository>().AddSingleton<RosterService>()
            .AddConsoleLink("Officers", "/console/officers", 40, ConsolePolicies.Roles);
}
