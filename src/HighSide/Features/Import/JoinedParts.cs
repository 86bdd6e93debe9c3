using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// The chunked blobs of one volume copy, each blob's chunks written one after another into one part file (in a folder next to
/// the copy) as they were copied from the media, so that assembling the blob moves that file instead of writing the blob a
/// second time. The copy itself holds an empty file of the chunk's size in each chunk's place (which its verification
/// inventories; the chunk's hash was taken as it was written), until the volume is accepted (<see cref="DropPlaceholders"/>)
/// or, when it is refused or must be repaired, the chunks are written back into their places (<see cref="MaterializeAsync"/>).
/// </summary>
internal sealed class JoinedParts(string directory)
{
    private const string Suffix = ".joined";

    private readonly List<JoinedChunk> _chunks = [];
    private readonly Dictionary<string, JoinedPart> _parts = new(StringComparer.Ordinal);

    public string Directory => directory;

    public IReadOnlyList<JoinedChunk> Chunks => _chunks;

    /// <summary>Each part by the hex of its blob's digest.</summary>
    public IReadOnlyDictionary<string, JoinedPart> Parts => _parts;

    /// <summary>The folder beside a volume copy that holds its parts; removed with the copy when the import stops.</summary>
    public static string DirectoryOf(string copy) => Path.TrimEndingDirectorySeparator(copy) + Suffix;

    public void Add(JoinedChunk chunk) => _chunks.Add(chunk);

    public void Add(JoinedPart part) => _parts.Add(part.Hex, part);

    /// <summary>Writes every chunk back into its place in the copy and removes the parts: the copy is then an ordinary copy.</summary>
    public async Task MaterializeAsync(string copy, CancellationToken cancellationToken)
    {
        foreach (var chunk in _chunks)
        {
            await using var part = Sha256Digest.OpenSequential(chunk.Part);
            part.Position = chunk.Offset;
            await using var output = new FileStream(Path.Combine(copy, chunk.Path), FileMode.Truncate, FileAccess.Write, FileShare.None, 0, true);
            await Sha256Digest.CopyAsync(part, output, chunk.Length, null, cancellationToken);
        }

        _chunks.Clear();
        _parts.Clear();
        QuarantineCopier.TryDelete(directory);
        DurableFile.SyncFileSystem(copy);
    }

    /// <summary>Removes the empty stand-ins from the accepted copy: the chunks' bytes are in the parts.</summary>
    public void DropPlaceholders(string copy)
    {
        foreach (var chunk in _chunks)
        {
            File.Delete(Path.Combine(copy, chunk.Path));
        }
    }

    /// <summary>Moves the parts to <paramref name="target"/>, replacing what a killed import left there.</summary>
    public void MoveTo(string target)
    {
        QuarantineCopier.TryDelete(target);
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(target)!;
        System.IO.Directory.CreateDirectory(parent);
        System.IO.Directory.Move(directory, target);
        DurableFile.SyncDirectory(parent);
    }
}
