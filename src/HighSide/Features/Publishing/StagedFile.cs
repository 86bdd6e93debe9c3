using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>
/// Puts a file into a mirror directory atomically: copied (and hashed) into the mirror's hidden
/// staging folder, flushed, checked, renamed into place, directory flushed. A crash leaves at most a
/// staged file, which the next publish sweeps; never a partial file under a published name. A mirror is
/// there to be read (by a web server, by other accounts), so its files and the directories made for it get
/// their modes explicitly: the high side otherwise creates everything owner-only.
/// </summary>
internal static class StagedFile
{
    public const string StagingFolder = ".tp-staging";

    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ReadableDirectory = ReadableFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Creates the mirror directory, readable by all, unless it exists (then its modes are the administrator's).</summary>
    public static void EnsureMirror(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, ReadableDirectory);
        }
    }

    public static void SweepStaging(string mirror)
    {
        var staging = Path.Combine(mirror, StagingFolder);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>True when the file was written, false when an identical one was already there.</summary>
    public static async Task<bool> PublishAsync(string sourceFile, string expectedSha256, string target, CancellationToken cancellationToken)
    {
        if (File.Exists(target) && (await Sha256Digest.ComputeFileAsync(target, cancellationToken)).Sha256 == expectedSha256)
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temporary = StagingPath(directory);
        try
        {
            await using (var input = Sha256Digest.OpenSequential(sourceFile))
            await using (var output = CreateStaged(temporary))
            {
                var hashed = await Sha256Digest.CopyAsync(input, output, null, null, cancellationToken);
                output.Flush(flushToDisk: true);
                if (hashed.Sha256 != expectedSha256)
                {
                    throw new PublishException(PublishReasons.QuarantineTampered,
                        $"{sourceFile} in quarantine was altered after verification: sha256 {hashed.Sha256}, expected {expectedSha256}");
                }
            }

            File.Move(temporary, target, overwrite: true);
            DurableFile.SyncDirectory(directory);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static Task WriteBytesAsync(string target, byte[] content, CancellationToken cancellationToken) =>
        WriteAsync(target, (output, ct) => output.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Writes <paramref name="target"/> with what <paramref name="write"/> puts in the staged stream (streaming, atomically);
    /// a target that already holds exactly those bytes is left untouched.
    /// </summary>
    public static async Task WriteAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temporary = StagingPath(directory);
        try
        {
            await using (var output = CreateStaged(temporary))
            {
                await write(output, cancellationToken);
                output.Flush(flushToDisk: true);
            }

            if (await SameContentAsync(temporary, target, cancellationToken))
            {
                return;
            }

            File.Move(temporary, target, overwrite: true);
            DurableFile.SyncDirectory(directory);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and whichever of its parents below <paramref name="mirror"/> are missing, each
    /// readable by all (a mirror's tree is served to others).
    /// </summary>
    public static void EnsureDirectories(string mirror, string directory)
    {
        var missing = new Stack<string>();
        var root = Path.GetFullPath(mirror);
        for (var current = Path.GetFullPath(directory); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            if (!current.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new PublishException(PublishReasons.QuarantineTampered, $"'{directory}' is not below the mirror {mirror}");
            }

            missing.Push(current);
        }

        while (missing.TryPop(out var next))
        {
            Directory.CreateDirectory(next);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(next, ReadableDirectory);
            }
        }
    }

    /// <summary>Sweeps every staging folder anywhere below <paramref name="mirror"/> (a mirror with a tree of directories).</summary>
    public static void SweepStagingTree(string mirror)
    {
        if (!Directory.Exists(mirror))
        {
            return;
        }

        foreach (var staging in Directory.EnumerateDirectories(mirror, StagingFolder, SearchOption.AllDirectories).ToList())
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task<bool> SameContentAsync(string staged, string target, CancellationToken cancellationToken) =>
        File.Exists(target) && new FileInfo(target).Length == new FileInfo(staged).Length
        && (await Sha256Digest.ComputeFileAsync(target, cancellationToken)).Sha256 == (await Sha256Digest.ComputeFileAsync(staged, cancellationToken)).Sha256;

    private static string StagingPath(string directory)
    {
        var staging = Path.Combine(directory, StagingFolder);
        Directory.CreateDirectory(staging);
        return Path.Combine(staging, Guid.NewGuid().ToString("N"));
    }

    // The mode is set on the open file: the create mode alone is cut down by the process's owner-only umask.
    private static FileStream CreateStaged(string temporary)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        var output = new FileStream(temporary, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(output.SafeFileHandle, ReadableFile);
        }

        return output;
    }

    // The manifest validator already restricts names; this keeps a name from leaving the mirror whatever happens upstream.
    public static string SafeName(string name)
    {
        var file = Path.GetFileName(name);
        return file.Length == 0 || file != name || file.StartsWith('.')
            ? throw new PublishException(PublishReasons.QuarantineTampered, $"'{name}' is not a plain file name")
            : file;
    }
}
