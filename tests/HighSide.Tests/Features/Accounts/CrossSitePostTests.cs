using System.Net;
using System.Net.Http.Json;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Accounts;

/// <summary>
/// Posts another site's page can make with the officer's cookie (a form: url-encoded, multipart or text/plain, which need
/// no CORS preflight), against the real `highside serve`: the API endpoints that take a raw body refuse them.
/// </summary>
public sealed class CrossSitePostTests : HighSideServeTests
{
    [Test]
    public async Task SignOut_AFormAnotherSitePosts_Refused415AndTheSessionStillWorks()
    {
        await using var serve = await StartServeAsync();
        using var carol = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "carol", "auditor");

        using var form = await carol.Http.PostAsync(new Uri("auth/signout", UriKind.Relative), new FormUrlEncodedContent([]));
        using var after = await carol.Http.GetAsync(new Uri("batches", UriKind.Relative));
        using var own = await carol.Http.PostAsJsonAsync("auth/signout", new { });
        using var signedOut = await carol.Http.GetAsync(new Uri("batches", UriKind.Relative));

        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in");
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the console's own JSON sign-out works");
        Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ProposalSignature_AsATextPlainFormAnotherSitePosts_Refused415BeforeItIsRead()
    {
        await HighSide.AddOfficerAsync("carol");
        await HighSide.AddOfficerAsync("dave");
        await using var serve = await StartServeAsync();
        using var carol = await HighSideAccount.SignedInAsync(HighSide.Cli, BaseAddress, "carol", "officer", "carol");

        using var form = await carol.Http.PostAsync(new Uri("officers/proposals/0123456789abcdef/signatures", UriKind.Relative),
            new StringContent("untrusted comment: x", System.Text.Encoding.UTF8, "text/plain"));
        using var typed = await carol.Http.PostAsync(new Uri("officers/proposals/0123456789abcdef/signatures", UriKind.Relative),
            new ByteArrayContent("untrusted comment: x"u8.ToArray()) { Headers = { { "Content-Type", OfficerEndpoints.SignatureContentType } } });

        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), await form.Content.ReadAsStringAsync());
        Assert.That(typed.StatusCode, Is.Not.EqualTo(HttpStatusCode.UnsupportedMediaType), "the typed body is read, and judged on its content");
    }
}
