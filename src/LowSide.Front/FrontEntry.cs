using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Front;

/// <summary>
/// `lowside` as installed. A command line that only lists requests is answered here, in a few milliseconds; every other
/// one, and this one whenever anything is not as the front expects, becomes the full executable in the same process.
/// </summary>
internal static class FrontEntry
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (RequestListCommandLine.Parse(args) is not { } listing || await QuickRequestList.TryListAsync(listing) is not { } output)
        {
            return FullExecutable.Become(args);
        }

        try
        {
            await Console.Out.WriteAsync(output);
            await Console.Out.FlushAsync();
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // As the full executable reports a fault of the machine (a full disk behind the redirection, a closed standard
            // output): one line, exit 1.
            return CliConsole.Fail(ex.Message);
        }
    }
}
