using System.Net;
using System.Text.RegularExpressions;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Accounts;

/// <summary>The sign-in pages of the real `highside serve`, driven as a browser would with form posts.</summary>
public sealed partial class AccountPagesDaemonTests : HighSideServeTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [Test]
    public async Task SignInPage_FormPostWithoutAntiforgeryToken_Returns400()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "eve", "auditor");

        using var response = await eve.Http.PostAsync(new Uri("signin", UriKind.Relative), Form(HighSideAccount.InitialPassword, token: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task SignInPage_RightPasswordWithToken_RedirectsToEnrolmentShowingQrCodeAndSecret()
    {
        await using var serve = await StartServeAsync();
        using var eve = await HighSideAccount.AddAsync(HighSide.Cli, BaseAddress, "eve", "auditor");
        var page = await eve.Http.GetStringAsync(new Uri("signin", UriKind.Relative));

        using var response = await eve.Http.PostAsync(new Uri("signin", UriKind.Relative),
            Form(HighSideAccount.InitialPassword, TokenField().Match(page).Groups[1].Value));
        var enrol = await eve.Http.GetStringAsync(new Uri("account/enrol", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/account/enrol"));
        Assert.That(enrol, Does.Contain("src=\"data:image/svg").And.Match("<code>[A-Z2-7]{32}</code>"));
    }

    private static FormUrlEncodedContent Form(string password, string? token)
    {
        var fields = new Dictionary<string, string> { ["Name"] = "eve", ["Password"] = password };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        }

        return new FormUrlEncodedContent(fields);
    }
}
