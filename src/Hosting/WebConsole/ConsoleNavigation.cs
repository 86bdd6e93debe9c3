using System.Security.Claims;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>The navigation of a side's console, from the links its features registered, filtered by the user's roles.</summary>
public sealed class ConsoleNavigation(IEnumerable<ConsoleLink> links, ConsoleIdentity identity)
{
    private readonly IReadOnlyList<ConsoleLink> _links = [.. links.OrderBy(l => l.Order).ThenBy(l => l.Title, StringComparer.Ordinal)];

    /// <summary>The console's heading: the side's name and, when set, the site's.</summary>
    public string Title => identity.Title;

    public IEnumerable<ConsoleLink> For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return [];
        }

        return _links.Where(l => l.Roles.Count == 0 || l.Roles.Any(user.IsInRole));
    }
}
