using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Minisign;

/// <summary>Runs the real Debian minisign (0.11) for cross-checks.</summary>
internal static class MinisignTool
{
    private const string Executable = "/usr/bin/minisign";

    // minisign reads passwords from the terminal only, so password prompts are answered through a
    // pseudo-terminal. Every "Password" prompt gets the password given as the first argument.
    private const string PtyDriver = """
        import os, pty, sys
        password = sys.argv[1].encode()
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[2], sys.argv[2:])
        output, answered = b"", 0
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            while output.count(b"Password") > answered:
                os.write(fd, password + b"\n")
                answered += 1
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(output.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    public static ToolResult Run(params string[] arguments) => Start(Executable, arguments);

    /// <summary>Runs minisign on a pseudo-terminal, typing <paramref name="password"/> at each prompt.</summary>
    public static ToolResult RunWithPassword(string password, params string[] arguments)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        return Start(python, ["-c", PtyDriver, password, Executable, .. arguments]);
    }

    private static ToolResult Start(string fileName, IEnumerable<string> arguments)
    {
        var result = ExternalTool.RunAsync(fileName, arguments, timeout: TimeSpan.FromSeconds(120)).GetAwaiter().GetResult();
        return new ToolResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
