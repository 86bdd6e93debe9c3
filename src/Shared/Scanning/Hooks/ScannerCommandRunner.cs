namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// Runs one site scanner (<see cref="ScannerCommandOptions"/>) on one artifact and reads its output into findings. The tool
/// writes into a fresh private directory that is removed afterwards; its output is read as hostile input.
/// </summary>
public static class ScannerCommandRunner
{
    private const string OutputFileName = "findings.json";

    /// <summary>
    /// Runs the scanner on the artifact at <paramref name="artifactPath"/> (its file, or its OCI layout directory).
    /// Returns the findings, or a failure with reason code <c>scanner-failed</c>; throws only when
    /// <paramref name="ct"/> is cancelled (after killing the tool) or the arguments are wrong.
    /// </summary>
    public static async Task<ScannerRunResult> RunAsync(
        ScannerCommandOptions options,
        string artifactPath,
        string artifactName,
        string kind,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(artifactName);
        if (!Path.IsPathFullyQualified(artifactPath))
        {
            throw new ArgumentException($"'{artifactPath}' is not an absolute path", nameof(artifactPath));
        }

        if (!options.AppliesTo(kind))
        {
            throw new ArgumentException($"{options.ScannerName} does not scan artifacts of kind '{kind}'", nameof(kind));
        }

        var scanner = options.ScannerName;
        if (!File.Exists(options.Executable))
        {
            return ScannerRunResult.Failed(scanner, ScannerFailure.CouldNotStart, $"could not start {options.Executable}: no such file");
        }

        var directory = Directory.CreateTempSubdirectory("tp-scan-hook-");
        try
        {
            var output = Path.Combine(directory.FullName, OutputFileName);
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ScannerPlaceholders.Artifact] = artifactPath,
                [ScannerPlaceholders.Output] = output,
                [ScannerPlaceholders.Kind] = kind,
                [ScannerPlaceholders.Name] = artifactName,
            };
            var outcome = await ScannerProcess.RunAsync(
                options.Executable,
                options.Arguments.Select(a => ScannerPlaceholders.Expand(a, values)),
                directory.FullName,
                TimeSpan.FromSeconds(options.TimeoutSeconds),
                ct);
            if (Failure(options, outcome) is { } failure)
            {
                return failure;
            }

            var scope = new ArtifactScope(artifactPath, artifactName);
            return new ScannerRunResult { Scanner = scanner, Findings = Parse(options, ReadOutput(output, options.MaxOutputBytes), scope) };
        }
        catch (ScannerOutputException ex)
        {
            var what = ex.Failure == ScannerFailure.OutputOutsideArtifact ? "output claims other artifacts" : "output refused";
            return ScannerRunResult.Failed(scanner, ex.Failure, $"{what}: {ex.Message}");
        }
        finally
        {
            TryDelete(directory);
        }
    }

    private static ScannerRunResult? Failure(ScannerCommandOptions options, ScannerProcessOutcome outcome)
    {
        var scanner = options.ScannerName;
        var tail = outcome.StandardError.Text();
        var lastLine = outcome.StandardError.LastLine() is { Length: > 0 } line ? line : outcome.StandardOutput.LastLine();
        var said = lastLine.Length > 0 ? $": {lastLine}" : "";
        if (outcome.StartError is { } startError)
        {
            return ScannerRunResult.Failed(
                scanner,
                ScannerFailure.CouldNotStart,
                $"could not start {options.Executable}: {DisplayText.Printable(startError)}");
        }

        if (outcome.TimedOut)
        {
            return ScannerRunResult.Failed(
                scanner,
                ScannerFailure.TimedOut,
                $"timed out after {options.TimeoutSeconds} s and was killed with its child processes{said}",
                tail);
        }

        var exitCode = outcome.ExitCode!.Value;
        return options.IsFindingsExitCode(exitCode)
            ? null
            : ScannerRunResult.Failed(scanner, ScannerFailure.ExitCode, $"exited with code {exitCode}{said}", tail);
    }

    // The tool could leave a symbolic link, a FIFO (size 0: opening it would block) or a growing file at {output}.
    private static byte[] ReadOutput(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || Directory.Exists(path))
        {
            throw ScannerOutputException.Malformed("the output is not a regular file");
        }

        if (!info.Exists)
        {
            throw new ScannerOutputException(ScannerFailure.OutputMissing, "the tool wrote no output file");
        }

        if (info.Length == 0)
        {
            throw ScannerOutputException.Malformed("the output file is empty");
        }

        if (info.Length > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[info.Length + 1];
        var total = 0;
        int read;
        while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
            if (total > maxBytes || total == buffer.Length)
            {
                throw TooLarge(maxBytes);
            }
        }

        return buffer[..total];
    }

    private static ScannerOutputException TooLarge(long maxBytes) =>
        new(ScannerFailure.OutputTooLarge, $"the output is larger than {ByteSize.Format(maxBytes)} (MaxOutputBytes)");

    private static IReadOnlyList<ScanFinding> Parse(ScannerCommandOptions options, byte[] output, ArtifactScope scope) =>
        options.Format switch
        {
            ScannerOutputFormat.Sarif => SarifFindingsParser.Parse(output, options.ScannerName, scope),
            ScannerOutputFormat.CycloneDxVex => CycloneDxVexParser.Parse(output, options.ScannerName, scope),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown scanner output format"),
        };

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A tool that left an undeletable file behind must not turn its findings into a failure.
        }
    }
}
