using System.Globalization;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The sequence number of the last audit entry the daemon has notified, in <c>notifications.cursor</c> in the data directory,
/// so that a restarted daemon carries on after it: what committed while no daemon ran (a CLI verb) is notified then.
/// </summary>
internal sealed class NotificationCursor(DataDirectory data)
{
    public string FilePath => data.Combine("notifications.cursor");

    /// <summary>The kept position; null when there is none (the first start) or it is unreadable.</summary>
    public long? Read()
    {
        try
        {
            return long.TryParse(File.ReadAllText(FilePath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? sequence
                : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file in one rename, so a crash leaves the old position or the new one.</summary>
    public void Write(long sequence)
    {
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, sequence.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, FilePath, overwrite: true);
    }
}
