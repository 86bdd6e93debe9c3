using System.Text.Json;

namespace TransferPipeline.Shared.Cli;

/// <summary>How commands talk to operators: results on stdout, one-line errors on stderr, JSON for scripts.</summary>
public static class CliConsole
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Line(string text) => Console.Out.WriteLine(text);

    /// <summary>Writes "error: ..." to stderr and returns <see cref="ExitCodes.Failed"/>.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return ExitCodes.Failed;
    }

    public static int Usage(string message)
    {
        Console.Error.WriteLine("usage error: " + message);
        return ExitCodes.Usage;
    }

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
