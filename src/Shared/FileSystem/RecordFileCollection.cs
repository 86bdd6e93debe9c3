using System.Collections;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// A list too long to hold in memory, kept on disk as records in a <see cref="SequentialRecordFile"/>: added in order, then
/// read back in that order, as often as wanted and from several threads at once; each item read is made anew. A kind of
/// item says how it is written and read.
/// </summary>
/// <remarks>
/// The file is freed when the collection is disposed, or by its handle's finalizer once nothing holds the collection.
/// </remarks>
public abstract class RecordFileCollection<T> : IReadOnlyCollection<T>, IDisposable
    where T : class
{
    private readonly SequentialRecordFile _records;
    private bool _complete;

    /// <param name="directory">Where the temporary file is made (it has no name there).</param>
    protected RecordFileCollection(string directory) => _records = new SequentialRecordFile(directory);

    public int Count { get; private set; }

    /// <summary>Bytes the records take on disk.</summary>
    public long Bytes => _records.Length;

    public void Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_complete)
        {
            throw new InvalidOperationException("The collection is complete: nothing can be added.");
        }

        Write(_records, item);
        Count++;
    }

    /// <summary>From now on the collection can be read, and no longer added to.</summary>
    public void Complete()
    {
        _records.Complete();
        _complete = true;
    }

    public IEnumerator<T> GetEnumerator() => Items(_records.Read());

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _records.Dispose();
        }
    }

    /// <summary>Writes one item as a record.</summary>
    protected abstract void Write(SequentialRecordFile records, T item);

    /// <summary>Reads the record of one item, as <see cref="Write"/> wrote it.</summary>
    protected abstract T Read(SequentialRecordFile.Reader reader);

    private IEnumerator<T> Items(SequentialRecordFile.Reader reader)
    {
        while (reader.More)
        {
            yield return Read(reader);
        }
    }
}
