using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Site;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// The web console both daemons serve: Razor Pages that live in each side's feature folders (absolute routes
/// with <c>@page "/route"</c>), the shared layout and stylesheet from this assembly, anti-forgery on every form.
/// </summary>
public static class ConsoleRegistration
{
    public const string AntiforgeryCookie = "tp-antiforgery";

    internal static IServiceCollection AddTransferConsole(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        var side = data.Side;
        // The keys protecting session cookies and anti-forgery tokens stay in the (owner-only) data directory, so
        // sessions survive a restart and do not depend on the service account having a home directory.
        services.AddDataProtection()
            .SetApplicationName(side.Name)
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data.Root, "keys", "data-protection")));
        // The pages are compiled into the side's executable and the layout into this assembly; name both, since
        // the entry assembly is not the side's when a test hosts the daemon.
        services.AddRazorPages(pages => pages.RootDirectory = "/")
            .ConfigureApplicationPartManager(parts =>
            {
                foreach (var assembly in new[] { side.ConsoleAssembly, typeof(ConsoleRegistration).Assembly })
                {
                    if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                    {
                        parts.ApplicationParts.Add(new CompiledRazorAssemblyPart(assembly));
                    }
                }
            });
        // Names and justifications in any script are written as themselves, not as numeric character references.
        services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery();
        ConsoleCookie.Configure(services.AddOptions<AntiforgeryOptions>(), antiforgery => antiforgery.Cookie, AntiforgeryCookie);
        var site = configuration[$"{SiteOptions.Section}:{nameof(SiteOptions.Id)}"];
        var title = side.ConsoleTitle + (string.IsNullOrWhiteSpace(site) ? "" : " · " + site);
        services.AddSingleton(new ConsoleIdentity(title));
        services.AddSingleton<ConsoleNavigation>();
        services.AddConsoleAsset(new ConsoleAsset("console.css", typeof(ConsoleRegistration).Assembly,
            "TransferPipeline.Hosting.WebConsole.Assets.console.css", "text/css; charset=utf-8"));
        return services;
    }

    /// <summary>A link in the console's navigation for users holding any of <paramref name="roles"/> (everyone signed in when none).</summary>
    public static IServiceCollection AddConsoleLink(this IServiceCollection services, string title, string path, int order, params string[] roles) =>
        services.AddSingleton(new ConsoleLink(title, path, roles) { Order = order });

    /// <summary>An embedded file served at /assets/{name} (a page's script, an icon).</summary>
    public static IServiceCollection AddConsoleAsset(this IServiceCollection services, ConsoleAsset asset) =>
        services.AddSingleton(asset);

    internal static void UseConsoleForms(this WebApplication app) => app.UseAntiforgery();

    internal static void MapTransferConsole(this WebApplication app)
    {
        app.MapConsoleAssets();
        app.MapRazorPages();
    }

    /// <summary>Whether a form post carried a valid anti-forgery token (for handlers outside Razor Pages).</summary>
    public static Task<bool> HasValidFormTokenAsync(this HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
}
