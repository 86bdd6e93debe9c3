using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>Reads several files one after another as one stream: the chunks of a blob, in order.</summary>
internal sealed class ConcatenatedReadStream(IReadOnlyList<string> files) : ReadOnlyForwardStream
{
    private int _index = -1;
    private FileStream? _current;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (++_index >= files.Count)
                {
                    return 0;
                }

                _current = new FileStream(
                    files[_index],
                    FileMode.Open,
                    FileAccess.Read,
                    FileShare.Read,
                    0,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }

            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
