using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.LowSide.Features.Users.Passwords;

namespace TransferPipeline.LowSide.Features.Users.SignIn;

/// <summary>/signin: a local user's name and password start a console session; failures are throttled and audited.</summary>
[AllowAnonymous]
internal sealed class SignInModel(UserPasswordService passwords, SignInThrottle throttle, AuditTrail audit, TimeProvider clock) : PageModel
{
    private const string Anonymous = "anonymous";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Name?.Trim() ?? "";
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (name.Length == 0 || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your name and your password.";
            return Page();
        }

        using var attempt = throttle.Begin(name, address);
        if (attempt is null)
        {
            var wait = throttle.RetryAfter(name, address) ?? TimeSpan.FromSeconds(1);
            await audit.RecordAsync(Anonymous, "signin.throttled", name, new { address }, ct);
            Error = $"Too many failed sign-ins. Try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minutes.";
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
        }

        var caller = await passwords.VerifyAsync(name, Password, ct);
        if (caller is null)
        {
            attempt.Fail();
            await audit.RecordAsync(Anonymous, "signin.failed", name, new { address }, ct);
            Error = "The name or the password is wrong.";
            return Page();
        }

        throttle.Succeeded(name);
        var stamp = await passwords.SessionStampAsync(name, ct) ?? throw new InvalidOperationException($"{name} signed in without a password");
        await HttpContext.SignInAsync(ConsoleSession.Scheme, caller.ToPrincipal(ConsoleSession.Scheme),
            ConsoleSessionEvents.NewSession(clock.GetUtcNow(), stamp));
        await audit.RecordAsync(caller.Identity, "signin.succeeded", caller.DisplayName, new { address }, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/requests");
    }
}
