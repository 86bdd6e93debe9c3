using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>Reads batches for `batch list` / `batch show` and GET /api/batches.</summary>
internal sealed class BatchQueries(BatchRepository batches)
{
    public Task<IReadOnlyList<BatchRecord>> ListAsync(CancellationToken ct) => batches.ListAsync(ct);

    public async Task<Outcome<BatchRecord>> GetAsync(string id, CancellationToken ct) =>
        await batches.GetAsync(id, ct) is { } batch ? Outcome<BatchRecord>.Success(batch) : BatchErrors.NotFound(id);
}
