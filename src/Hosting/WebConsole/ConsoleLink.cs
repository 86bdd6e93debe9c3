namespace TransferPipeline.Hosting.WebConsole;

/// <summary>One entry of the console's navigation: shown to a signed-in user holding any of <see cref="Roles"/> (all when empty).</summary>
public sealed record ConsoleLink(string Title, string Path, IReadOnlyList<string> Roles)
{
    /// <summary>Where the entry sits in the navigation; lower first.</summary>
    public int Order { get; init; }
}
