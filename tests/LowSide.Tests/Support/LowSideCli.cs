using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>Runs the built `lowside` (dotnet lowside.dll) as a child process.</summary>
internal static class LowSideCli
{
    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "lowside.dll"), .. arguments], timeout: TimeSpan.FromSeconds(60));
}
