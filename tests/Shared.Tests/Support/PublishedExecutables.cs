using System.Collections.Concurrent;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The executables as the packages ship them (self-contained, ReadyToRun), published by scripts/test.sh into
/// <c>$TP_PUBLISHED_DIR/lowside</c> and then <c>/highside</c> while the first tests run. The script marks the end of each
/// side's publish with a <c>&lt;name&gt;.complete</c> file (or <c>.failed</c> for either), and the first test to start a
/// product waits for that product's mark.
/// </summary>
internal static class PublishedExecutables
{
    public const string Variable = "TP_PUBLISHED_DIR";

    // Two cold ReadyToRun publishes took 4.5 min on 2 cores at a load of 8; a publish that has not ended by this
    // time has hung, and every test that starts a product fails saying so.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    private static readonly string? Published = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set ? set : null;

    private static readonly ConcurrentDictionary<string, Lazy<string>> Ready = new(StringComparer.Ordinal);

    /// <summary>The published <paramref name="name"/> executable, once its publish has ended well; null when the variable is unset.</summary>
    public static string? Locate(string name) =>
        Published is { } published ? Ready.GetOrAdd(name, n => new Lazy<string>(() => WaitForPublish(published, n))).Value : null;

    /// <summary>The published full executable, not its front where it has one; null when the variable is unset.</summary>
    public static string? LocateFull(string name)
    {
        if (Locate(name) is not { } executable)
        {
            return null;
        }

        var directory = Path.GetDirectoryName(executable)!;
        return Path.GetFileName(directory) == "front" ? Path.Combine(Path.GetDirectoryName(directory)!, name) : executable;
    }

    private static string WaitForPublish(string published, string name)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(Path.Combine(published, name + ".complete")))
        {
            if (File.Exists(Path.Combine(published, ".failed")))
            {
                throw new InvalidOperationException($"publishing the executables into {published} failed: see artifacts/test-results/publish.log");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} was not published into {published} within {Patience.TotalMinutes} min");
            }

            Thread.Sleep(500);
        }

        // The low side is installed as its Native AOT front (scripts/publish.sh), which execs the full executable for
        // every command but `request list`: the tests run it as an operator would.
        var front = Path.Combine(published, name, "front", name);
        var executable = File.Exists(front) ? front : Path.Combine(published, name, name);
        return File.Exists(executable)
            ? executable
            : throw new FileNotFoundException($"{Variable} is set but {executable} is not there: see scripts/test.sh", executable);
    }
}
