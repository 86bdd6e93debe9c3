using System.Formats.Tar;
using System.IO.Compression;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Scanning.ClamAv;

public sealed class ClamScanTests
{
    private TempDirectory _temp = null!;
    private ClamAvOptions _options = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory("clamav");
        _options = new ClamAvOptions { Database = TestSignatures.WriteDatabase(_temp.Combine("db")) };
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task ScanAsync_CleanFiles_NoFindingsAndTheDatabaseVersion()
    {
        var targets = new[] { Write("a.txt", "hello"u8.ToArray()), Write("b: with colon.bin", new byte[10_000]) };

        var result = await new ClamScan(_options).ScanAsync(targets, CancellationToken.None);

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.FilesScanned, Is.EqualTo(2));
        Assert.That(result.DataVersion, Does.Match("^local:[0-9a-f]{12}$"));
    }

    [Test]
    public async Task ScanAsync_EicarAndHashSignature_MalwareWithTheScannersName()
    {
        var targets = new[]
        {
            Write("eicar.com", System.Text.Encoding.ASCII.GetBytes(TestSignatures.Eicar)),
            Write("payload.bin", TestSignatures.MaliciousPayload),
            Write("clean.bin", new byte[100]),
        };

        var result = await new ClamScan(_options).ScanAsync(targets, CancellationToken.None);

        Assert.That(result.Findings.Select(f => (f.Subject, f.Title)), Is.EquivalentTo(new[]
        {
            ("eicar.com", TestSignatures.EicarName),
            ("payload.bin", TestSignatures.HashName),
        }));
        Assert.That(result.Findings, Has.All.Matches<ScanFinding>(f =>
            f.Kind == ScanFindingKind.Malware && f.Severity == ScanSeverity.Critical && f.Scanner == "clamav" && f.DataVersion == result.DataVersion));
        Assert.That(result.Findings[0].Id, Is.EqualTo($"malware:{TestSignatures.EicarName}@eicar.com"));
    }

    [Test]
    public async Task ScanAsync_SignatureInsideAGzippedTarLayer_Found()
    {
        var layer = _temp.Combine("layer.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "usr/share/doc/readme")
            {
                DataStream = new MemoryStream(TestSignatures.MaliciousPayload),
            };
            await tar.WriteEntryAsync(entry);
        }

        var result = await new ClamScan(_options).ScanAsync([new ScanTarget(layer, "layer sha256:abc")], CancellationToken.None);

        Assert.That(result.Findings.Select(f => f.Title), Is.EqualTo(new[] { TestSignatures.HashName }));
    }

    [Test]
    public async Task ScanAsync_FileOverTheSizeLimit_PolicyFindingNotClean()
    {
        _options.MaxFileSizeMiB = 1;
        var big = Write("big.bin", new byte[3 * 1024 * 1024]);

        var result = await new ClamScan(_options).ScanAsync([big], CancellationToken.None);

        Assert.That(result.Findings.Single().Kind, Is.EqualTo(ScanFindingKind.Policy));
        Assert.That(result.Findings.Single().Title, Does.Contain("too large"));
    }

    [Test]
    public void ScanAsync_MissingFile_FailsLoudly()
    {
        var missing = new ScanTarget(_temp.Combine("gone.bin"), "gone.bin");

        Assert.That(() => new ClamScan(_options).ScanAsync([missing], CancellationToken.None),
            Throws.TypeOf<ScannerFailedException>().With.Message.Contains("gone.bin"));
    }

    [Test]
    public void ScanAsync_ScannerMissing_FailsLoudly()
    {
        _options.Executable = _temp.Combine("no-clamscan");

        Assert.That(() => new ClamScan(_options).ScanAsync([Write("a", [1])], CancellationToken.None),
            Throws.TypeOf<ScannerFailedException>().With.Message.Contains("could not be started"));
    }

    [Test]
    public void ScanAsync_EmptyDatabase_FailsLoudly()
    {
        _options.Database = Directory.CreateDirectory(_temp.Combine("empty")).FullName;

        Assert.That(() => new ClamScan(_options).ScanAsync([Write("a", [1])], CancellationToken.None),
            Throws.TypeOf<ScannerFailedException>().With.Message.Contains("no signature files"));
    }

    [Test]
    public void ScanAsync_ScannerHangs_StoppedAtTheTimeLimit()
    {
        _options.Executable = Script("hanging-clamscan", "sleep 30");
        _options.TimeoutSeconds = 1;

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(() => new ClamScan(_options).ScanAsync([Write("a", [1])], CancellationToken.None),
            Throws.TypeOf<ScannerFailedException>().With.Message.Contains("did not finish within 1 s"));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void ScanAsync_ScannerWritesHundredsOfMegabytesToStandardError_FailsWithItsLastLineHoldingOnlyItsEnd()
    {
        // 256 MiB of noise, then the line that says why: the daemon keeps only the tail.
        _options.Executable = Script("noisy-clamscan", "head -c 268435456 /dev/zero | tr '\\0' 'x' >&2; echo >&2; echo 'LibClamAV Error: bad db' >&2; exit 2");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.That(() => new ClamScan(_options).ScanAsync([Write("a", [1])], CancellationToken.None),
            Throws.TypeOf<ScannerFailedException>().With.Message.EqualTo("clamscan failed with exit code 2: LibClamAV Error: bad db"));
        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(64L * 1024 * 1024), "the noise is not held");
    }

    [Test]
    public void ScanAsync_ScannerSaysNothingAboutAFile_Fails()
    {
        _options.Executable = Script("silent-clamscan", "exit 0");

        Assert.That(() => new ClamScan(_options).ScanAsync([Write("a", [1])], CancellationToken.None),
            Throws.TypeOf<ScannerFailedException>().With.Message.Contains("no verdict"));
    }

    private string Script(string name, string body)
    {
        var script = _temp.Combine(name);
        File.WriteAllText(script, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return script;
    }

    private ScanTarget Write(string name, byte[] content)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, content);
        return new ScanTarget(path, name);
    }
}
