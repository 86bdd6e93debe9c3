using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TransferPipeline.EndToEnd.Tests.Browser;

/// <summary>
/// The high side's officers' console in a real browser against the built `highside serve`: officers sign in with a password
/// and a TOTP code (enrolling from the secret the page shows, the code computed as an authenticator app would), read the
/// review packet, download the statement, sign it on "their machine" with `highside sign` and upload the .minisig file.
/// Batches are written by the tests' batch writer with a low-side key the high side trusts, and imported with `highside import`.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class HighSideConsoleTests
{
    private const string Password = "chosen browser passphrase";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TempDirectory _temp = null!;
    private BatchScenario _scenario = null!;
    private HighSideSite _high = null!;
    private DaemonRuns _daemons = null!;
    private BrowserSession _browser = null!;
    private string _approved = null!;
    private string _requested = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory("e2e-highconsole");
        _scenario = new BatchScenario();
        _scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        // No image in these batches: the mirror registry is never contacted.
        _high = await HighSideSite.InitAsync(_temp.Combine("high"), "high-a", new Uri("http://127.0.0.1:9/"), "0/1 * * * * ?");
        var sitePublicKey = _temp.Combine("site-a.pub");
        await File.WriteAllTextAsync(sitePublicKey, _scenario.Key.PublicKey.ToFileText());
        await _high.TrustAsync(_scenario.SiteId, sitePublicKey);
        await FoundRosterAsync();
        _approved = await ImportAsync(1, "tool.bin");
        _requested = await ImportAsync(2, "other.bin");
        foreach (var (name, role) in new[] { ("carol", "officer"), ("dave", "officer"), ("erin", "officer"), ("ann", "auditor") })
        {
            string[] officer = role == "officer" ? ["--officer", name] : [];
            var added = await _high.Cli.RunAsync(["account", "add", name, "--role", role, .. officer, "--password-stdin"],
                ProcessRunner.DefaultTimeout, HighSideAccount.InitialPassword + "\n");
            Assert.That(added.ExitCode, Is.Zero, added.ToString());
        }

        _daemons = new DaemonRuns();
        await _high.StartAsync(_daemons, Patience, CancellationToken.None);
        _browser = await BrowserSession.StartAsync();
    }

    [TearDown]
    public async Task ScreenshotAsync() => await _browser.EndTestAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_daemons is not null)
        {
            await _daemons.DisposeAsync();
        }

        _high?.Dispose();
        _scenario?.Dispose();
        _temp?.Dispose();
    }

    [Test]
    public async Task TwoOfficers_SignInWithTotpAndUploadMinisigFiles_OneOfTwoThenTheBatchPublishes()
    {
        var dave = await EnrolledAsync("dave");
        await dave.GotoAsync($"/console/batches/{_approved}");
        await Expect(dave.GetByRole(AriaRole.Main)).ToContainTextAsync("tool.bin");
        await Expect(dave.GetByRole(AriaRole.Main)).ToContainTextAsync("0 of 2 approvals");

        await Expect(await ApproveAsync(dave, "dave", _approved)).ToContainTextAsync("1 of 2 approvals");
        var erin = await EnrolledAsync("erin");
        // The daemon may already be publishing by the time the page answers.
        await Expect(await ApproveAsync(erin, "erin", _approved)).ToContainTextAsync(
            new System.Text.RegularExpressions.Regex("is (approved|publishing|published): 2 of 2 approvals"));

        // The file reaches the mirror before the batch is marked published: the page is read again until it says so.
        var page = await Eventually.GetAsync(async () =>
        {
            await erin.GotoAsync($"/console/batches/{_approved}");
            return await erin.GetByRole(AriaRole.Main).InnerTextAsync();
        }, text => text.Contains("published", StringComparison.Ordinal), Patience, "the schedule to publish the batch", _daemons.Describe);
        Assert.That(page, Does.Contain("published"));
        Assert.That(File.Exists(Path.Combine(_high.FilesMirror, "tool.bin")), Is.True, "tool.bin in the file mirror");
    }

    [Test]
    public async Task SignIn_WrongTotpCode_RefusedWithTheMessageOnThePage()
    {
        var ann = await _browser.OpenAsync(_high.BaseUri, "ann");
        var secret = await PasswordThenEnrolmentSecretAsync(ann, "ann");
        var right = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow);

        await ann.GetByLabel("Code").FillAsync(right == "000000" ? "000001" : "000000");
        await ann.GetByLabel("New password").FillAsync(Password);
        await ann.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(ann.GetByRole(AriaRole.Alert)).ToContainTextAsync("the code is wrong");
        await ann.GotoAsync("/console/batches");
        await Expect(ann).ToHaveURLAsync(new Regex("/signin"));
    }

    [Test]
    public async Task OfficerWhoRequestedAnArtifact_UploadsASignature_RefusedWithTheReasonOnThePage()
    {
        var carol = await EnrolledAsync("carol");

        var outcome = await ApproveAsync(carol, "carol", _requested);

        await Expect(outcome).ToContainTextAsync("officer-is-requester");
        await carol.GotoAsync($"/console/batches/{_requested}");
        await Expect(carol.GetByRole(AriaRole.Main)).ToContainTextAsync("0 of 2 approvals");
    }

    /// <summary>Three officers found the roster; carol also holds the low-side identity local:bob, who requests every artifact here.</summary>
    private async Task FoundRosterAsync()
    {
        string[] names = ["carol", "dave", "erin"];
        foreach (var name in names)
        {
            await _high.Cli.SucceedAsync("officer", "keygen", "--out", _temp.Combine(name), "--no-password");
        }

        var proposal = await _high.Cli.SucceedAsync(["officer", "found", .. names.Select(n => $"{n}={_temp.Combine(n + ".pub")}"),
            "--requester", "carol=local:bob"]);
        await OfficerCeremony.SignProposalAsync(_high.Cli, _temp.Path, proposal.StandardOutput.Split(' ')[1], names);
    }

    private async Task<string> ImportAsync(long sequence, string fileName)
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, fileName, 20_000, seed: (int)sequence);
        var volume = await _scenario.WriteVolumeAsync(sequence, [file]);
        await _high.Cli.SucceedAsync("import", volume);
        return $"{_scenario.SiteId}-{sequence:D6}";
    }

    /// <summary>The first sign-in in the browser: the one-time password, the enrolment page's secret, a code, a new password.</summary>
    private async Task<IPage> EnrolledAsync(string name)
    {
        var page = await _browser.OpenAsync(_high.BaseUri, name);
        var secret = await PasswordThenEnrolmentSecretAsync(page, name);
        await page.GetByLabel("Code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow));
        await page.GetByLabel("New password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/(signin|account/enrol)"));
        return page;
    }

    private static async Task<string> PasswordThenEnrolmentSecretAsync(IPage page, string name)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Account").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(HighSideAccount.InitialPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/enrol$"));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code of the authenticator secret" })).ToBeVisibleAsync();
        return (await page.Locator("p:has-text('Secret:') code").InnerTextAsync()).Trim();
    }

    /// <summary>The decide page: download the statement, sign it with `highside sign` and the officer's key, upload the .minisig.</summary>
    private async Task<ILocator> ApproveAsync(IPage page, string officer, string batchId)
    {
        await page.GotoAsync($"/console/batches/{batchId}/decide?decision=approve");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Download ") }).ClickAsync());
        var statement = _temp.Combine($"{officer}-{batchId}-{download.SuggestedFilename}");
        await download.SaveAsAsync(statement);
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", _temp.Combine(officer + ".key"));

        await page.GetByLabel("The .minisig file").SetInputFilesAsync(statement + ".minisig");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Submit the signed") }).ClickAsync();
        var outcome = page.Locator("#outcome");
        await Expect(outcome).ToBeVisibleAsync();
        return outcome;
    }
}
