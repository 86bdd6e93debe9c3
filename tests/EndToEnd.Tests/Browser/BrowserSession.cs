using Microsoft.Playwright;

namespace TransferPipeline.EndToEnd.Tests.Browser;

/// <summary>
/// One headless Debian chromium (/usr/bin/chromium, never a downloaded browser) for a fixture, and pages against a
/// daemon's console, each in a context of its own (its own cookies: one signed-in person). <see cref="EndTestAsync"/>
/// saves a screenshot of every page the test opened, pass or fail, under TestResults/screenshots, and closes them.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(15);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<(string Label, IBrowserContext Context, IPage Page)> _open = [];

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Starts chromium; fails, naming the package, when Debian's chromium is not installed.</summary>
    public static async Task<BrowserSession> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: the browser tests need Debian's chromium package (scripts/setup.sh installs it)");
        }

        // Expectations wait as long as actions do: at a CI machine's load a sign-in (a deliberately slow password hash)
        // can take longer than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout((float)ActionTimeout.TotalMilliseconds);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
            return new BrowserSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page with fresh cookies, its relative URLs against <paramref name="baseUrl"/>; <paramref name="label"/> names its screenshot.</summary>
    public async Task<IPage> OpenAsync(Uri baseUrl, string label)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        _open.Add((label, context, page));
        return page;
    }

    /// <summary>Screenshots of the test's pages (attached to the test result), then closes them; call it from [TearDown].</summary>
    public async Task EndTestAsync()
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        foreach (var (label, context, page) in _open)
        {
            try
            {
                var path = Path.Combine(directory, $"{FileName(TestContext.CurrentContext.Test.Name)}-{label}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                TestContext.AddTestAttachment(path);
            }
            catch (PlaywrightException e)
            {
                // A page that crashed has no picture; the test's own failure says why.
                await TestContext.Out.WriteLineAsync($"no screenshot of {label}: {e.Message}");
            }
            finally
            {
                await context.CloseAsync();
            }
        }

        _open.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string FileName(string testName) =>
        string.Concat(testName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));
}
