namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// The kept files of an image as its layers are applied one by one. Within a layer, deletions (whiteouts, opaque
/// directories, a path replaced by another kind of entry) are collected against the lower layers only and applied
/// when the layer ends, then the layer's own files are laid over: whiteouts never hide a file of their own layer.
/// </summary>
internal sealed class LayeredFiles(InventoryLimits limits)
{
    private readonly Dictionary<string, KeptFile> _committed = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _committedPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeptFile> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removeExact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removeUnder = new(StringComparer.Ordinal);
    private long _bytes;

    /// <summary>The files as the image has them once every layer read so far is applied.</summary>
    public IReadOnlyDictionary<string, KeptFile> Files => _committed;

    /// <summary>A kept file of this layer or, failing that, of a lower one (for hard links).</summary>
    public KeptFile? Find(string path) => _pending.GetValueOrDefault(path) ?? _committed.GetValueOrDefault(path);

    /// <summary><c>.wh.NAME</c>: NAME and everything under it is gone from the lower layers.</summary>
    public void Whiteout(string path)
    {
        RemoveLower(path);
        RemoveLowerUnder(path);
    }

    /// <summary><c>DIR/.wh..wh..opq</c>: everything under DIR from the lower layers is gone; DIR itself stays.</summary>
    public void Opaque(string directory) => RemoveLowerUnder(directory);

    /// <summary>An entry this layer has at <paramref name="path"/> that the inventory does not keep hides a lower one.</summary>
    public void Replace(string path, bool isDirectory)
    {
        _pending.Remove(path, out var dropped);
        _bytes -= dropped?.Size ?? 0;
        RemoveLower(path);
        if (!isDirectory)
        {
            RemoveLowerUnder(path);
        }
    }

    /// <summary>Keeps <paramref name="file"/> for this layer, within the count and byte limits.</summary>
    public void Add(KeptFile file)
    {
        Replace(file.Path, isDirectory: false);
        if (_committed.Count + _pending.Count + 1 > limits.MaxKeptFiles)
        {
            throw new SbomException(
                SbomError.TooManyFiles,
                $"Layer {file.Layer.Value} brings the image past {limits.MaxKeptFiles} files the inventory keeps "
                + $"(at '{DisplayText.Printable(file.Path)}').");
        }

        _bytes += file.Size;
        if (_bytes > limits.MaxKeptBytes)
        {
            throw new SbomException(
                SbomError.TooManyFiles,
                $"Layer {file.Layer.Value} brings the files the inventory keeps past {ByteSize.Format(limits.MaxKeptBytes)} "
                + $"(at '{DisplayText.Printable(file.Path)}').");
        }

        _pending[file.Path] = file;
    }

    /// <summary>Applies this layer's deletions to the lower layers, then lays its files over them.</summary>
    public void EndLayer()
    {
        foreach (var path in _removeExact)
        {
            RemoveCommitted(path);
        }

        foreach (var directory in _removeUnder)
        {
            foreach (var path in Under(directory).ToList())
            {
                RemoveCommitted(path);
            }
        }

        foreach (var (path, file) in _pending)
        {
            RemoveCommitted(path);
            _committed[path] = file;
            _committedPaths.Add(path);
        }

        _pending.Clear();
        _removeExact.Clear();
        _removeUnder.Clear();
    }

    private void RemoveLower(string path)
    {
        if (_committed.ContainsKey(path))
        {
            _removeExact.Add(path);
        }
    }

    private void RemoveLowerUnder(string directory)
    {
        if (directory.Length == 0 ? _committed.Count > 0 : Under(directory).Min is not null)
        {
            _removeUnder.Add(directory);
        }
    }

    private SortedSet<string> Under(string directory) =>
        directory.Length == 0 ? _committedPaths : _committedPaths.GetViewBetween(directory + "/", directory + "/\uffff");

    private void RemoveCommitted(string path)
    {
        if (_committed.Remove(path, out var removed))
        {
            _committedPaths.Remove(path);
            _bytes -= removed.Size;
        }
    }
}
