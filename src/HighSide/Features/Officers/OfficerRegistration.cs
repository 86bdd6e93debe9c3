namespace TransferPipeline.HighSide.Features.Officers;

internal static class OfficerRegistration
{
    public static IServiceCollection AddOfficers(this IServiceCollection services) =>
        services.AddSingleton<RosterRepository>().AddSingleton<RosterService>();
}
