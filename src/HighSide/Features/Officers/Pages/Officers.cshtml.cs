using TransferPipeline.HighSide.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Officers.Pages;

/// <summary>GET /console/officers: the roster in force (`highside officer list`) and the proposals still waiting for signatures.</summary>
[Authorize(Policy = HighSidePolicies.Read)]
internal sealed class OfficersModel(RosterService rosters) : PageModel
{
    public Roster? Roster { get; private set; }

    /// <summary>Why decisions cannot be checked against the roster now (none yet, versions removed), if so.</summary>
    public Failure? Unusable { get; private set; }

    public IReadOnlyList<RosterProposal> Pending { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Roster = await rosters.CurrentAsync(cancellationToken);
        Unusable = (await rosters.ForDecisionsAsync(cancellationToken)).Error;
        Pending = [.. (await rosters.ProposalsAsync(cancellationToken)).Where(p => p.State == RosterProposal.Proposed)];
    }
}
