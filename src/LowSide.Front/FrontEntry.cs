namespace TransferPipeline.LowSide.Front;

/// <summary>
/// `lowside` as installed. A command line that only lists requests is answered here, in a few milliseconds; every other
/// one, and this one whenever anything is not as the front expects, becomes the full executable in the same process.
/// </summary>
internal static class FrontEntry
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (RequestListCommandLine.Parse(args) is { } listing && await QuickRequestList.TryListAsync(listing) is { } output)
        {
            await Console.Out.WriteAsync(output);
            return 0;
        }

        return FullExecutable.Become(args);
    }
}
