namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The executables as the packages ship them (self-contained, ReadyToRun), published by scripts/test.sh into
/// <c>$TP_PUBLISHED_DIR/lowside</c> and <c>/highside</c> while the first tests run. The script marks the end of the
/// publish with a <c>.complete</c> file (or <c>.failed</c>), so the first test to start a product waits for it.
/// </summary>
internal static class PublishedExecutables
{
    public const string Variable = "TP_PUBLISHED_DIR";

    // Two cold ReadyToRun publishes took 4.5 min on 2 cores at a load of 8; a publish that has not ended by this
    // time has hung, and every test that starts a product fails saying so.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    private static readonly Lazy<string?> Ready = new(WaitForPublish);

    /// <summary>The published directory once the publish has ended well; null when the variable is unset.</summary>
    public static string? Directory => Ready.Value;

    public static string Locate(string published, string name)
    {
        var executable = Path.Combine(published, name, name);
        return File.Exists(executable)
            ? executable
            : throw new FileNotFoundException($"{Variable} is set but {executable} is not there: see scripts/test.sh", executable);
    }

    private static string? WaitForPublish()
    {
        var published = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(published))
        {
            return null;
        }

        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(Path.Combine(published, ".complete")))
        {
            if (File.Exists(Path.Combine(published, ".failed")))
            {
                throw new InvalidOperationException($"publishing the executables into {published} failed: see artifacts/test-results/publish.log");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the executables were not published into {published} within {Patience.TotalMinutes} min");
            }

            Thread.Sleep(500);
        }

        return published;
    }
}
