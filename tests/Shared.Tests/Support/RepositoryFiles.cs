namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Files of the repository the tests run from (documents and schemas the tests hold the product to).</summary>
public static class RepositoryFiles
{
    /// <summary>The full path of <paramref name="relativePath"/> in the first directory above the tests that holds it.</summary>
    public static string Find(string relativePath)
    {
        var start = TestContext.CurrentContext.TestDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} is in no directory above {start}");
    }
}
