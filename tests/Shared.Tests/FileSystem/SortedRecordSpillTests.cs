using System.Text;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.FileSystem;

/// <summary>
/// The on-disk sorted table: whatever the order records were added in and however many runs they were written out in, every
/// key finds its own value, and no other key finds one; nothing is left in its directory.
/// </summary>
[TestFixture]
internal sealed class SortedRecordSpillTests
{
    // The smallest run the table accepts: a few records of the largest size, so that many runs are written and merged.
    private const int SmallRun = 4 + SortedRecordSpill.MaxKeyBytes + SortedRecordSpill.MaxValueBytes;

    [TestCase(SmallRun, 6000)]
    [TestCase(64 * 1024, 6000)]
    [TestCase(SortedRecordSpill.DefaultRunBytes, 3000)]
    public void TryFind_RecordsAddedInRandomOrder_EachKeyFindsItsValue(int runBytes, int count)
    {
        using var directory = new TempDirectory("spill");
        // 3,000 records are about 600 KB: in memory with the default run.
        var records = RandomRecords(seed: 18, count);
        using var table = new SortedRecordSpill(directory.Path, runBytes);
        foreach (var (key, value) in records)
        {
            table.Add(key, value);
        }

        table.Complete();

        Assert.That(table.Count, Is.EqualTo(records.Count));
        Assert.That(table.RunsWritten, runBytes == SortedRecordSpill.DefaultRunBytes ? Is.Zero : Is.GreaterThan(1));
        Assert.That(records.Where(r => !Finds(table, r.Key, r.Value)).Select(r => Convert.ToHexString(r.Key)), Is.Empty);
    }

    [TestCase(SmallRun)]
    [TestCase(SortedRecordSpill.DefaultRunBytes)]
    public void TryFind_KeysNotAdded_NotFound(int runBytes)
    {
        using var directory = new TempDirectory("spill");
        var records = RandomRecords(seed: 7, count: 3000);
        var keys = new HashSet<string>(records.Select(r => Convert.ToHexString(r.Key)));
        using var table = new SortedRecordSpill(directory.Path, runBytes);
        foreach (var record in records)
        {
            table.Add(record.Key, record.Value);
        }

        table.Complete();

        // Each key's prefixes and extensions, its last byte one up or down, and keys before and after all of them.
        var probes = records.SelectMany(r => new[]
            {
                r.Key[..^1], [.. r.Key, 0], [.. r.Key, 255], [.. r.Key[..^1], (byte)(r.Key[^1] + 1)], [.. r.Key[..^1], (byte)(r.Key[^1] - 1)],
            })
            .Append([0]).Append([0, 0]).Append(Enumerable.Repeat((byte)255, 40).ToArray())
            .Where(k => k.Length > 0 && !keys.Contains(Convert.ToHexString(k)))
            .ToList();
        var found = new byte[SortedRecordSpill.MaxValueBytes];

        Assert.That(probes, Has.Count.GreaterThan(10_000));
        Assert.That(probes.Where(p => table.TryFind(p, found, out _)).Select(Convert.ToHexString), Is.Empty);
    }

    [Test]
    public void TryFind_RecordsOfTheLargestSize_EachFoundAcrossPages()
    {
        using var directory = new TempDirectory("spill");
        var records = Enumerable.Range(0, 200)
            .Select(i => (Key: Filled(SortedRecordSpill.MaxKeyBytes, i), Value: Filled(SortedRecordSpill.MaxValueBytes, i * 7)))
            .Reverse()
            .ToList();
        using var table = new SortedRecordSpill(directory.Path, SmallRun * 3);
        foreach (var (key, value) in records)
        {
            table.Add(key, value);
        }

        table.Complete();

        Assert.That(records.Where(r => !Finds(table, r.Key, r.Value)), Is.Empty);
    }

    [Test]
    public void TryFind_FromSeveralThreads_SameAnswers()
    {
        using var directory = new TempDirectory("spill");
        var records = RandomRecords(seed: 3, count: 20_000);
        using var table = new SortedRecordSpill(directory.Path, 64 * 1024);
        foreach (var (key, value) in records)
        {
            table.Add(key, value);
        }

        table.Complete();
        var wrong = 0;
        Parallel.ForEach(records, new ParallelOptions { MaxDegreeOfParallelism = 4 }, record =>
        {
            if (!Finds(table, record.Key, record.Value))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public void Directory_WhileFilledAndAfter_HoldsNoFile()
    {
        using var directory = new TempDirectory("spill");
        var table = new SortedRecordSpill(directory.Path, SmallRun);
        foreach (var (key, value) in RandomRecords(seed: 5, count: 2000))
        {
            table.Add(key, value);
        }

        Assert.That(table.RunsWritten, Is.GreaterThan(1));
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty, "runs are unlinked as they are created");
        table.Complete();
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty, "the pages are unlinked too");
        table.Dispose();
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    [TestCase(SmallRun, 6000)]
    [TestCase(SortedRecordSpill.DefaultRunBytes, 3000)]
    public void Records_ReadInOrder_EveryRecordOnceSortedByKey(int runBytes, int count)
    {
        using var directory = new TempDirectory("spill");
        var records = RandomRecords(seed: 11, count);
        using var table = new SortedRecordSpill(directory.Path, runBytes);
        foreach (var (key, value) in records)
        {
            table.Add(key, value);
        }

        table.Complete();
        var expected = records.OrderBy(r => r.Key, ByteOrder.Instance).Select(Text).ToList();

        Assert.That(ReadAll(table.Records()), Is.EqualTo(expected));
    }

    [Test]
    public void Records_FromAKey_StartAtTheFirstKeyNotBeforeIt()
    {
        using var directory = new TempDirectory("spill");
        var records = RandomRecords(seed: 5, count: 4000);
        using var table = new SortedRecordSpill(directory.Path, SmallRun);
        foreach (var (key, value) in records)
        {
            table.Add(key, value);
        }

        table.Complete();
        var sorted = records.OrderBy(r => r.Key, ByteOrder.Instance).ToList();
        // Each key itself, a key just before it (its last byte one down), and keys before and after them all.
        var starts = sorted.Where((_, i) => i % 97 == 0).SelectMany(r => new[] { r.Key, [.. r.Key[..^1], (byte)(r.Key[^1] - 1)] })
            .Append([0]).Append(Enumerable.Repeat((byte)255, 40).ToArray()).ToList();

        Assert.Multiple(() =>
        {
            foreach (var start in starts)
            {
                var expected = sorted.Where(r => ByteOrder.Instance.Compare(r.Key, start) >= 0).Select(Text).ToList();
                Assert.That(ReadAll(table.Records(start)), Is.EqualTo(expected), Convert.ToHexString(start));
            }
        });
    }

    [Test]
    public void Records_OfTheLargestSizeAndAnEmptyTable_ReadWhole()
    {
        using var directory = new TempDirectory("spill");
        using var empty = new SortedRecordSpill(directory.Path).Complete();
        using var table = new SortedRecordSpill(directory.Path, SmallRun);
        var records = Enumerable.Range(0, 40)
            .Select(i => (Key: Filled(SortedRecordSpill.MaxKeyBytes, i), Value: Filled(SortedRecordSpill.MaxValueBytes, i + 1000)))
            .ToList();
        foreach (var (key, value) in records)
        {
            table.Add(key, value);
        }

        table.Complete();

        Assert.That(ReadAll(empty.Records()), Is.Empty);
        Assert.That(ReadAll(empty.Records([1, 2])), Is.Empty);
        Assert.That(ReadAll(table.Records()), Is.EqualTo(records.OrderBy(r => r.Key, ByteOrder.Instance).Select(Text)));
    }

    [Test]
    public void TryFind_EmptyTable_NotFound()
    {
        using var directory = new TempDirectory("spill");
        using var table = new SortedRecordSpill(directory.Path).Complete();

        Assert.That(table.TryFind([1, 2, 3], new byte[8], out _), Is.False);
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void AddAndFind_OutOfTurnOrOutOfBounds_Refused()
    {
        using var directory = new TempDirectory("spill");
        using var table = new SortedRecordSpill(directory.Path);

        Assert.Throws<InvalidOperationException>(() => table.TryFind([1], new byte[1], out _));
        Assert.Throws<ArgumentException>(() => table.Add([], [1]));
        Assert.Throws<ArgumentException>(() => table.Add(new byte[SortedRecordSpill.MaxKeyBytes + 1], [1]));
        Assert.Throws<ArgumentException>(() => table.Add([1], new byte[SortedRecordSpill.MaxValueBytes + 1]));
        table.Complete();
        Assert.Throws<InvalidOperationException>(() => table.Add([1], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SortedRecordSpill(directory.Path, SmallRun - 1));
    }

    private static List<string> ReadAll(SortedRecordSpill.RecordCursor cursor)
    {
        var read = new List<string>();
        while (cursor.MoveNext())
        {
            read.Add(Convert.ToHexString(cursor.Key) + ":" + Convert.ToHexString(cursor.Value));
        }

        return read;
    }

    private static string Text((byte[] Key, byte[] Value) record) => Convert.ToHexString(record.Key) + ":" + Convert.ToHexString(record.Value);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    private static bool Finds(SortedRecordSpill table, byte[] key, byte[] value)
    {
        var found = new byte[SortedRecordSpill.MaxValueBytes];
        return table.TryFind(key, found, out var length) && found.AsSpan(0, length).SequenceEqual(value);
    }

    // Distinct keys of 1-300 bytes, many sharing prefixes (a few leading bytes drawn from a small alphabet), with values of 0-100
    // bytes that name their key.
    private static List<(byte[] Key, byte[] Value)> RandomRecords(int seed, int count)
    {
        var random = new Random(seed);
        var seen = new HashSet<string>();
        var records = new List<(byte[], byte[])>(count);
        while (records.Count < count)
        {
            var key = new byte[random.Next(1, 301) is var n && random.Next(4) == 0 ? random.Next(1, 5) : n];
            random.NextBytes(key);
            for (var i = 0; i < Math.Min(3, key.Length); i++)
            {
                key[i] = (byte)random.Next(250, 256);
            }

            if (!seen.Add(Convert.ToHexString(key)))
            {
                continue;
            }

            var value = Encoding.UTF8.GetBytes(Convert.ToHexString(key))[..Math.Min(2 * key.Length, random.Next(0, 101))];
            records.Add((key, value));
        }

        return records;
    }

    private static byte[] Filled(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
