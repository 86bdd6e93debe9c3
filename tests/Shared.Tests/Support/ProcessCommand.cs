using System.Diagnostics;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A command line to run: the executable, its arguments, and optionally a working directory and
/// environment variables. <see cref="ProcessRunner"/> runs it to the end; <see cref="DaemonProcess"/>
/// keeps it running.
/// </summary>
/// <param name="FileName">The executable: a path, or a name looked up on PATH.</param>
/// <param name="Arguments">Passed one by one, never through a shell.</param>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    // Tools such as minisign read passwords from the terminal only. The driver runs the command on a
    // pseudo-terminal and types the answer at each prompt; argv: prompt, answer, command...
    private const string PseudoTerminalDriver = """
        import os, pty, sys
        prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(sys.argv[3], sys.argv[3:])
        output, answered = b"", 0
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            while output.count(prompt) > answered:
                os.write(fd, answer + b"\n")
                answered += 1
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(output.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    /// <summary>The directory the process starts in; the test's current directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the test process's environment; an empty value removes the variable.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How messages name the command; the whole command line when null.</summary>
    public string? Display { get; init; }

    /// <summary>
    /// The same command run on a pseudo-terminal (through python3), answering each <paramref name="prompt"/>
    /// with <paramref name="answer"/>; everything the command printed comes back on standard output.
    /// </summary>
    public ProcessCommand OnTerminal(string prompt, string answer) =>
        this with
        {
            FileName = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3",
            Arguments = ["-c", PseudoTerminalDriver, prompt, answer, FileName, .. Arguments],
            Display = $"{this} (on a terminal)",
        };

    public override string ToString() => Display ?? string.Join(' ', [FileName, .. Arguments]);

    /// <summary>Starts the process with its standard streams redirected (UTF-8 output).</summary>
    internal Process Start()
    {
        var start = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{this} did not start");
    }
}
