using TransferPipeline.HighSide.Features.Accounts;
using FluentValidation;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.HighSide.Features.Approval;

internal static class ApprovalRegistration
{
    public static IServiceCollection AddApproval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ApprovalOptions, ApprovalOptionsValidator>(configuration, ApprovalOptions.Section);
        services.AddSingleton<IValidator<DecisionRequest>, DecisionRequestValidator>();
        services.AddSingleton<ApprovalRepository>();
        services.AddSingleton<ApprovalTally>();
        services.AddSingleton<ApprovalService>();
        services.AddBatchGate<ApprovalGate>();
        services.AddSingleton<BatchQueries>();
        services.AddConsoleLink("Batches", "/console/batches", 10, [.. AccountRoles.All]);
        return services;
    }
}
