using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A person signing in to `highside serve`: an account made with `highside account add` on the data directory, the
/// password, and an authenticator enrolled from the secret the enrolment shows, whose codes are computed with Otp.NET
/// as an authenticator app would. <see cref="Http"/> carries the cookies.
/// </summary>
public sealed class HighSideAccount : IDisposable
{
    public const string InitialPassword = "first-Initial-Pass-1";
    public const string ChosenPassword = "chosen-Own-Pass-2";

    private readonly HttpClientHandler _handler;
    private long _lastStep;

    private HighSideAccount(string name, Uri baseAddress)
    {
        Name = name;
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        if (baseAddress.Scheme == Uri.UriSchemeHttps)
        {
            // The tests' https daemons serve a self-signed certificate made for the test.
            _handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        Http = new HttpClient(_handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    public string? TotpSecret { get; private set; }

    /// <summary>Adds the account with the CLI (not yet signed in).</summary>
    public static async Task<HighSideAccount> AddAsync(ProductExecutable cli, Uri baseAddress, string name, string role, string? officer = null)
    {
        ArgumentNullException.ThrowIfNull(cli);
        string[] arguments = officer is null
            ? ["account", "add", name, "--role", role, "--password-stdin"]
            : ["account", "add", name, "--role", role, "--officer", officer, "--password-stdin"];
        var added = await cli.RunAsync(arguments, ProcessRunner.DefaultTimeout, InitialPassword + "\n");
        Assert.That(added.ExitCode, Is.Zero, added.ToString());
        return new HighSideAccount(name, baseAddress);
    }

    /// <summary>Adds the account and signs in for the first time: password, enrolment, first code with a new password.</summary>
    public static async Task<HighSideAccount> SignedInAsync(ProductExecutable cli, Uri baseAddress, string name, string role, string? officer = null)
    {
        var account = await AddAsync(cli, baseAddress, name, role, officer);
        await account.EnrolAsync();
        return account;
    }

    public Task<HttpResponseMessage> PasswordAsync(string password) =>
        Http.PostAsJsonAsync("auth/password", new { name = Name, password });

    public Task<HttpResponseMessage> CodeAsync(string code, string? newPassword = null) =>
        Http.PostAsJsonAsync("auth/code", new { code, newPassword });

    /// <summary>The first sign-in: the one-time password, the enrolment secret, a code, the chosen password.</summary>
    public async Task EnrolAsync()
    {
        using (var password = await PasswordAsync(InitialPassword))
        {
            Assert.That(password.StatusCode, Is.EqualTo(HttpStatusCode.OK), await password.Content.ReadAsStringAsync());
        }

        var enrolment = await Http.GetFromJsonAsync<JsonElement>("auth/enrolment");
        TotpSecret = enrolment.GetProperty("secret").GetString();
        using var code = await CodeAsync(await FreshCodeAsync(), ChosenPassword);
        Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.OK), await code.Content.ReadAsStringAsync());
    }

    /// <summary>The first sign-in with a secret the operator issued (`account issue-totp`): no enrolment page, the first code confirms it.</summary>
    public async Task FirstSignInWithIssuedSecretAsync(string secret)
    {
        TotpSecret = secret;
        using (var password = await PasswordAsync(InitialPassword))
        {
            Assert.That(password.StatusCode, Is.EqualTo(HttpStatusCode.OK), await password.Content.ReadAsStringAsync());
        }

        using var code = await CodeAsync(await FreshCodeAsync(), ChosenPassword);
        Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.OK), await code.Content.ReadAsStringAsync());
    }

    /// <summary>A later sign-in with the chosen password and a code of a step not used yet (waits for the next step if needed).</summary>
    public async Task SignInAsync()
    {
        using (var password = await PasswordAsync(ChosenPassword))
        {
            Assert.That(password.StatusCode, Is.EqualTo(HttpStatusCode.OK), await password.Content.ReadAsStringAsync());
        }

        using var code = await CodeAsync(await FreshCodeAsync());
        Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.OK), await code.Content.ReadAsStringAsync());
    }

    /// <summary>The code an authenticator app shows now for a 30-second step later than any this account used.</summary>
    public async Task<string> FreshCodeAsync()
    {
        var secret = TotpSecret ?? throw new InvalidOperationException("not enrolled yet");
        while (CurrentStep() <= _lastStep)
        {
            await Task.Delay(500);
        }

        _lastStep = CurrentStep();
        return new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow);
    }

    /// <summary>A well-formed code no step the server accepts now (the current one and one either side) would show.</summary>
    public string WrongCode()
    {
        var totp = new Totp(Base32Encoding.ToBytes(TotpSecret ?? throw new InvalidOperationException("not enrolled yet")));
        var now = DateTime.UtcNow;
        var accepted = new[] { -30, 0, 30 }.Select(offset => totp.ComputeTotp(now.AddSeconds(offset))).ToHashSet();
        return Enumerable.Range(0, 4).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(code => !accepted.Contains(code));
    }

    /// <summary>The code for the step that was last used: what an attacker who saw it would replay.</summary>
    public string LastCode() =>
        new Totp(Base32Encoding.ToBytes(TotpSecret!)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(_lastStep * 30).UtcDateTime);

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    private static long CurrentStep() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
}
