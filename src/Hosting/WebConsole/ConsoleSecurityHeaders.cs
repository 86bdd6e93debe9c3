using Microsoft.AspNetCore.Builder;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// Headers on every response: the content security policy allows only the daemon's own scripts, styles and
/// forms (and data: images, for enrolment QR codes), never a frame around the console (clickjacking an approval).
/// </summary>
internal static class ConsoleSecurityHeaders
{
    private const string Policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseConsoleSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            await next();
        });
}
