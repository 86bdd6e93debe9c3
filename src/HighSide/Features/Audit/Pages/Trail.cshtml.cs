using TransferPipeline.HighSide.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TransferPipeline.HighSide.Features.Audit.Pages;

/// <summary>GET /console/audit[?page=N]: the audit trail, verified on view, newest entries first.</summary>
[Authorize(Policy = HighSidePolicies.Read)]
internal sealed class TrailModel(AuditTrailReader reader) : PageModel
{
    public AuditTrailPage Trail { get; private set; } = null!;

    public async Task OnGetAsync(int? page, CancellationToken cancellationToken) => Trail = await reader.ReadAsync(page ?? 1, cancellationToken);
}
