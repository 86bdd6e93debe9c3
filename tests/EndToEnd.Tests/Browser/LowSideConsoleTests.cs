using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TransferPipeline.EndToEnd.Tests.Browser;

/// <summary>
/// The low side's web console in a real browser against the built `lowside serve`: people sign in with passwords,
/// file requests for a file an nginx on 127.0.0.1 serves, and follow them to a batch an operator cuts from the console.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class LowSideConsoleTests
{
    private const string Password = "a long enough passphrase";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TempDirectory _temp = null!;
    private NginxProcess _web = null!;
    private LowSideSite _low = null!;
    private DaemonRuns _daemons = null!;
    private BrowserSession _browser = null!;
    private Uri _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory("e2e-console");
        Directory.CreateDirectory(_temp.Combine("web", "files"));
        _web = await NginxProcess.StartAsync(_temp.Combine("web"));
        _low = await LowSideSite.InitAsync(_temp.Combine("low"), "site-a", [_web.BaseUri + "files/"], "127.0.0.1:5999",
            schedule: "", volumeSize: "64MiB", chunkSize: "16MiB");
        await _low.AddPersonAsync("alice", "requester", Password);
        await _low.AddPersonAsync("olga", "operator", Password);
        _daemons = new DaemonRuns();
        await _low.StartAsync(_daemons, TimeSpan.FromSeconds(30), CancellationToken.None);
        _console = _low.Http.BaseAddress!;
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

        _low?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        _temp?.Dispose();
    }

    [Test]
    public async Task Requester_FilesAFileRequest_ShownShippedInBatch1AfterAnOperatorCut()
    {
        var contents = RandomNumberGenerator.GetBytes(200_000);
        await File.WriteAllBytesAsync(_temp.Combine("web", "files", "tool.bin"), contents);
        var url = _web.BaseUri + "files/tool.bin";
        var alice = await SignedInAsync("alice", "alice");

        await alice.GotoAsync("/requests/new");
        await alice.GetByLabel("Kind").SelectOptionAsync("file");
        await alice.GetByLabel("Source").FillAsync(url);
        await alice.GetByLabel("SHA-256").FillAsync(Convert.ToHexStringLower(SHA256.HashData(contents)));
        await alice.GetByLabel("Justification").FillAsync("the build tool for the ward systems");
        await alice.GetByLabel("Ticket").FillAsync("CHG-1");
        await alice.GetByRole(AriaRole.Button, new() { Name = "File the request" }).ClickAsync();

        await Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("filed");
        var row = alice.GetByRole(AriaRole.Row).Filter(new() { HasText = url });
        await ReloadUntilAsync(alice, row, "gathered");
        var olga = await SignedInAsync("olga", "olga");
        await olga.GotoAsync("/batches");
        await Expect(olga.Locator("#next-cut + p + table")).ToContainTextAsync(url);
        await olga.GetByRole(AriaRole.Button, new() { Name = "Cut now" }).ClickAsync();
        await Expect(olga.GetByRole(AriaRole.Status)).ToContainTextAsync("site-a-000001");
        await alice.ReloadAsync();
        await Expect(row).ToContainTextAsync("shipped in batch 1");
    }

    [Test]
    public async Task SignIn_WrongPasswordByKeyboard_ShowsTheErrorAndDoesNotSignIn()
    {
        var page = await _browser.OpenAsync(_console, "visitor");
        await page.GotoAsync("/signin");

        // The name field has the focus; Tab leads to the password, Enter submits.
        await page.Keyboard.TypeAsync("alice");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("not the password");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The name or the password is wrong.");
        await Expect(page.GetByLabel("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.That(await page.Context.CookiesAsync(), Has.None.Matches<BrowserContextCookiesResult>(c => c.Name == "tp-session"));
        await page.GotoAsync("/requests");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }

    [Test]
    public async Task Form_PostedWithoutTheAntiforgeryToken_Returns400AndFilesNothing()
    {
        var alice = await SignedInAsync("alice", "alice");
        var form = alice.APIRequest.CreateFormData();
        form.Set("Form.Kind", "file");
        form.Set("Form.Source", _web.BaseUri + "files/forged.bin");
        form.Set("Form.Justification", "forged");

        var response = await alice.APIRequest.PostAsync("/requests/new", new() { Form = form, MaxRedirects = 0 });

        Assert.That(response.Status, Is.EqualTo(400));
        await alice.GotoAsync("/requests");
        await Expect(alice.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("forged.bin");
    }

    [Test]
    public async Task Requester_DoesNotSeeOtherPeoplesRequestsNorOperatorPages()
    {
        var bobs = _web.BaseUri + "files/bobs-secret-tool.bin";
        await _low.SubmitAsync("bob", new { kind = "file", source = bobs, justification = "bob's" }, CancellationToken.None);
        var alice = await SignedInAsync("alice", "alice");

        await alice.GotoAsync("/requests");
        await Expect(alice.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("bobs-secret-tool");
        await Expect(alice.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Batches" })).ToHaveCountAsync(0);
        var batches = await alice.GotoAsync("/batches");

        Assert.That(batches?.Status, Is.EqualTo(403));
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");
    }

    private async Task<IPage> SignedInAsync(string name, string label)
    {
        var page = await _browser.OpenAsync(_console, label);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/requests$"));
        return page;
    }

    private async Task ReloadUntilAsync(IPage page, ILocator row, string state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!(await row.InnerTextAsync()).Contains(state, StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), () => $"the request never became {state}: {row}" + _daemons.Describe());
            await Task.Delay(250);
            await page.ReloadAsync();
        }
    }
}
