using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.HighSide.Features.Accounts;

namespace TransferPipeline.HighSide.Features.Docs.Pages;

/// <summary>GET /console/docs: the documents the high side carries, for every signed-in role.</summary>
[Authorize(Policy = HighSidePolicies.Read)]
internal sealed class DocsIndexModel(DocsLibrary library) : PageModel
{
    public IReadOnlyList<string> Documents { get; private set; } = [];

    public string Directory => library.Directory;

    public void OnGet() => Documents = [.. library.List().Keys];
}
