using System.Reflection;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// A file the console serves at /assets/<see cref="Name"/>: an embedded resource of <see cref="Assembly"/>, so
/// the page never fetches anything from elsewhere (the high side has no internet) and no file on disk can be swapped.
/// </summary>
public sealed record ConsoleAsset(string Name, Assembly Assembly, string ResourceName, string ContentType)
{
    public string Path => "/assets/" + Name;
}
