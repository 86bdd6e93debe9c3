namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Copies a directory tree, as an operator copies media or a volume by hand.</summary>
public static class DirectoryCopy
{
    /// <summary>Copies every file under <paramref name="from"/> to the same relative path under <paramref name="to"/>.</summary>
    public static void Recursive(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
