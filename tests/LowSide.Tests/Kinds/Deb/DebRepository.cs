namespace TransferPipeline.LowSide.Tests.Kinds.Deb;

/// <summary>A repository <see cref="DebRepositories"/> built: where it lies on disk and its URL.</summary>
internal sealed record DebRepository(string Root, string Url)
{
    public string PathOf(string relativePath) => Path.Combine([Root, .. relativePath.Split('/')]);
}
