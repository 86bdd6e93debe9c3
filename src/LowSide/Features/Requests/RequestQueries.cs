using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// Lists and shows requests as a caller may see them: the one read path behind the CLI verbs, the HTTP endpoints and the
/// console. Apart from <see cref="RequestService"/> because reading needs only the database: `request list` builds
/// neither the audit trail nor the source policy nor the gather queue.
/// </summary>
internal sealed class RequestQueries(RequestRepository repository)
{
    /// <summary>One request, if <paramref name="caller"/> may see it: their own, or any for operators and auditors.</summary>
    public async Task<Outcome<ArtifactRequest>> GetAsync(string id, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await repository.GetAsync(id, ct) switch
        {
            null => RequestErrors.NotFound(id),
            var request when !caller.SeesEverything && !caller.Owns(request.Requester) => RequestErrors.NotYours(id),
            var request => request,
        };
    }

    /// <summary>The requests <paramref name="caller"/> may see: their own, or all for operators and auditors.</summary>
    public async Task<IReadOnlyList<ArtifactRequest>> ListAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        // Parts (the images a chart needs) are listed with their request (`request show`), not on their own.
        var all = await repository.ListTopLevelAsync(ct);
        return caller.SeesEverything ? all : [.. all.Where(r => caller.Owns(r.Requester))];
    }
}
