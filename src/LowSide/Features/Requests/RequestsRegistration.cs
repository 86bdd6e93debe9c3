
namespace TransferPipeline.LowSide.Features.Requests;

internal static class RequestsRegistration
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddSingleton<RequestRepository>();
        services.AddSingleton<RequestService>();
        services.AddSingleton<RequestQueries>();
        services.AddSingleton<RequestPartService>();
        services.AddSingleton<RequestProgressQueries>();
        return services;
    }
}
