using Spectre.Console;

namespace TransferPipeline.LowSide.Progress;

/// <summary>
/// Progress on stderr (stdout stays clean for --json): one self-overwriting Spectre line when the command
/// runs on a terminal, plain lines every few seconds otherwise (pipes, files, CI logs).
/// </summary>
internal sealed class ConsoleProgressFactory(TimeProvider timeProvider) : IProgressFactory
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public TransferProgress Create(string label)
    {
        if (!Console.IsOutputRedirected && !Console.IsErrorRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return new TransferProgress(label, snapshot =>
            {
                console.Markup("\r[grey]" + Markup.Escape(snapshot.ToString()) + "[/]\u001b[K");
                if (snapshot.Final)
                {
                    console.WriteLine();
                }
            }, timeProvider);
        }

        TimeSpan? last = null;
        return new TransferProgress(label, snapshot =>
        {
            if (snapshot.Final || last is null || snapshot.Elapsed - last >= PlainInterval)
            {
                last = snapshot.Elapsed;
                Console.Error.WriteLine(snapshot.ToString());
            }
        }, timeProvider);
    }
}
