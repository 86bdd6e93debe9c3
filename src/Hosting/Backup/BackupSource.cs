namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// A file to put in the archive under <paramref name="EntryName"/>. <paramref name="Prefix"/>, when set, is how many of its
/// bytes to take: an append-only log is cut where it stood before the database snapshot, at a line's end, so that it never
/// holds more than the snapshot.
/// </summary>
internal sealed record BackupSource(string EntryName, string FilePath, long? Prefix);
