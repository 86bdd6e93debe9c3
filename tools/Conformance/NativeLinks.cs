using System.ComponentModel;
using System.Runtime.InteropServices;

namespace TransferPipeline.Conformance;

/// <summary>The file-system objects .NET does not make itself: hard links and FIFOs.</summary>
internal static partial class NativeLinks
{
    public static void HardLink(string existing, string newName) =>
        Check(Link(existing, newName), $"link {newName}");

    public static void Fifo(string path) =>
        Check(MakeFifo(path, Convert.ToUInt32("644", 8)), $"mkfifo {path}");

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), what);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newName);

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);
}
