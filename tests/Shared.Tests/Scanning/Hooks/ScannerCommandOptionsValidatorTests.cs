using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Shared.Tests.Scanning.Hooks;

/// <summary>Scanning:Commands entries that could not run safely or sensibly stop the daemon at start, naming the setting.</summary>
[TestFixture]
internal sealed class ScannerCommandOptionsValidatorTests
{
    [TestCase("trivy", true)]
    [TestCase("grype-2", true)]
    [TestCase("", false)]
    [TestCase("trivy scan", false)]
    [TestCase("trivy:fs", false)]
    [TestCase("trivy_fs", false)]
    [TestCase("../x", false)]
    [TestCase("trivé", false)]
    public void Validate_Name_LettersDigitsAndDashes(string name, bool valid) => AssertValid(Valid() with { Name = name }, valid, "Name");

    [TestCase("/usr/bin/trivy", true)]
    [TestCase("trivy", false)]
    [TestCase("./trivy", false)]
    [TestCase("bin/trivy", false)]
    [TestCase("", false)]
    public void Validate_Executable_AbsolutePathOnly(string executable, bool valid) =>
        AssertValid(Valid() with { Executable = executable }, valid, "Executable");

    [TestCase(new[] { "image", "--input", "{artifact}", "-o", "{output}" }, true)]
    [TestCase(new[] { "--input={artifact}", "--output={output}", "--label={name}/{kind}" }, true)]
    [TestCase(new[] { "--template", "{{ .Vulns }}", "{artifact}", "{output}" }, true)]
    [TestCase(new[] { "{artifact}", "{output}", "{path}" }, false)]
    [TestCase(new[] { "{artifact}", "{Output}" }, false)]
    [TestCase(new[] { "{artifact}" }, false)]
    [TestCase(new[] { "{output}" }, false)]
    [TestCase(new string[0], false)]
    public void Validate_Arguments_KnownPlaceholdersTakingArtifactAndOutput(string[] arguments, bool valid) =>
        AssertValid(Valid() with { Arguments = [.. arguments] }, valid, "Arguments");

    [TestCase(300, 16L * 1024 * 1024, true)]
    [TestCase(1, 1L, true)]
    [TestCase(0, 1024L, false)]
    [TestCase(-5, 1024L, false)]
    [TestCase(300, 0L, false)]
    [TestCase(300, -1L, false)]
    [TestCase(86_401, 1024L, false)]
    [TestCase(300, 1024L * 1024 * 1024, false)]
    public void Validate_Limits_PositiveAndBounded(int timeoutSeconds, long maxOutputBytes, bool valid) =>
        AssertValid(Valid() with { TimeoutSeconds = timeoutSeconds, MaxOutputBytes = maxOutputBytes }, valid, "");

    [TestCase(new int[0], true)]
    [TestCase(new[] { 0, 1, 255 }, true)]
    [TestCase(new[] { -1 }, false)]
    [TestCase(new[] { 256 }, false)]
    public void Validate_FindingsExitCodes_ProcessExitCodes(int[] codes, bool valid) =>
        AssertValid(Valid() with { FindingsExitCodes = [.. codes] }, valid, "FindingsExitCodes");

    [TestCase(new string[0], true)]
    [TestCase(new[] { "image", "chart" }, true)]
    [TestCase(new[] { "images" }, false)]
    public void Validate_Kinds_KnownArtifactKinds(string[] kinds, bool valid) => AssertValid(Valid() with { Kinds = [.. kinds] }, valid, "Kinds");

    [Test]
    public void Validate_UnknownFormat_Refused() =>
        AssertValid(Valid() with { Format = (ScannerOutputFormat)7 }, valid: false, "Format");

    [Test]
    public void Defaults_FiveMinutesSixteenMiBAndExitCodeZero()
    {
        var options = new ScannerCommandOptions();

        Assert.That(options.TimeoutSeconds, Is.EqualTo(300));
        Assert.That(options.MaxOutputBytes, Is.EqualTo(16 * 1024 * 1024));
        Assert.That(options.IsFindingsExitCode(0), Is.True);
        Assert.That(options.IsFindingsExitCode(1), Is.False);
        Assert.That(options.AppliesTo("file"), Is.True);
    }

    private static OptionsSpec Valid() => new(
        "trivy",
        "/usr/bin/trivy",
        ["image", "--input", "{artifact}", "--format", "sarif", "--output", "{output}"],
        ScannerOutputFormat.Sarif,
        300,
        16L * 1024 * 1024,
        [],
        []);

    private static void AssertValid(OptionsSpec spec, bool valid, string property)
    {
        var result = new ScannerCommandOptionsValidator().Validate(spec.ToOptions());

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
        if (!valid)
        {
            Assert.That(result.Errors.Select(e => e.PropertyName), Has.All.StartsWith(property));
        }
    }

    private sealed record OptionsSpec(
        string Name,
        string Executable,
        string[] Arguments,
        ScannerOutputFormat Format,
        int TimeoutSeconds,
        long MaxOutputBytes,
        int[] FindingsExitCodes,
        string[] Kinds)
    {
        public ScannerCommandOptions ToOptions() => new()
        {
            Name = Name,
            Executable = Executable,
            Arguments = [.. Arguments],
            Format = Format,
            TimeoutSeconds = TimeoutSeconds,
            MaxOutputBytes = MaxOutputBytes,
            FindingsExitCodes = [.. FindingsExitCodes],
            Kinds = [.. Kinds],
        };
    }
}
